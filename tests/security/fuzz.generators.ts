/**
 * What the fuzzer sends, built with fast-check from a seed: values shaped by a JSON Schema
 * (the OpenAPI document's, or a socket event's zod schema converted), then mutated with edge
 * cases — NUL, lone surrogates, RTL and other odd text, huge and non-finite numbers, nesting
 * around and far beyond the depth limit, very long strings, wrong types, missing and unknown
 * fields. Some edge cases cannot be written by JSON.stringify (a 400-digit number literal,
 * 10,000 levels of nesting): they travel as placeholders that `serialize` writes out raw.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = Record<string, unknown>;

/** A value JSON.stringify cannot produce, written by `serialize`. */
const RAW_PREFIX = '\u0001raw:';
const raw = (text: string): string => `${RAW_PREFIX}${text}`;

/** Odd but valid text, and strings that are not text at all. */
const SPECIAL_TEXT = [
  '\u0000', 'a\u0000b', '\u202e', '\u200f', '\u061c', '\ufeff', '\uffff', '\ud83d\ude00', 'e\u0301', '\u2028',
  '\r\n', '"', '\\', '{{', '}}', '{{ inputs }}', '%00', '%ED%A0%80', "'; drop table workflows; --", '../../etc/passwd', '__proto__', 'constructor',
] as const;

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

export const edgeString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...SPECIAL_TEXT), loneSurrogate, fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '0', '-1', 'true', 'null', '1e400', 'NaN') },
  // 1 kB to 1 MB
  { weight: 1, arbitrary: fc.integer({ min: 3, max: 6 }).map((power) => 'x'.repeat(10 ** power)) },
);

export const edgeNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(0, -0, -1, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MIN_VALUE, 0.1),
  fc.constantFrom(raw('1e400'), raw('-1e400'), raw('9'.repeat(400)), raw('1.5e-400')),
);

/** Nested arrays or objects, around the depth limit (64) and far past it. */
export const deepValue: fc.Arbitrary<Json> = fc.oneof(
  fc.tuple(fc.integer({ min: 60, max: 70 }), fc.boolean()).map(([depth, asObject]) => raw(nestedText(depth, asObject))),
  fc.constantFrom(raw(nestedText(10_000, false)), raw(nestedText(10_000, true))),
);

export const wrongType: fc.Arbitrary<Json> = fc.oneof(fc.constantFrom<Json>(null, true, false, [], {}, [null], { '': null }), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>);

export const edgeValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: edgeString },
  { weight: 2, arbitrary: edgeNumber },
  { weight: 1, arbitrary: deepValue },
  { weight: 2, arbitrary: wrongType },
);

function nestedText(depth: number, asObject: boolean): string {
  return asObject ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** JSON text of a value, with the raw placeholders written out. */
export function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw:((?:[^"\\]|\\.)*)"/g, (_match, text: string) => JSON.parse(`"${text}"`) as string);
}

/** The value as a query or path string (raw placeholders as their text). */
export function asText(value: Json): string {
  if (typeof value === 'string') return value.startsWith(RAW_PREFIX) ? value.slice(RAW_PREFIX.length) : value;
  return serialize(value);
}

/**
 * Percent-encodes text for a URL, lone surrogates included (as the three bytes UTF-8 would
 * give them, which is not valid UTF-8: exactly what a hostile client can send).
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(index, index + 2));
      index += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else out += encodeURIComponent(text[index]!);
  }
  return out;
}

/**
 * A plausible value for a JSON Schema (the first branch of a union, the minimum of a range,
 * required properties and a few optional ones), so that mutations reach past the first check.
 */
export function sampleFromSchema(schema: JsonSchema | undefined, depth = 0): Json {
  if (!schema || depth > 12) return null;
  if ('const' in schema) return schema.const as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  if ('default' in schema && schema.default !== undefined && depth > 0) return schema.default as Json;
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union && union.length > 0) return sampleFromSchema(union[0], depth + 1);
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return sampleFromSchema(schema.allOf[0] as JsonSchema, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, Json> = {};
      for (const [name, property] of Object.entries(properties)) if (required.has(name) || depth < 2) out[name] = sampleFromSchema(property, depth + 1);
      return out;
    }
    case 'array': {
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: Math.min(count, 3) }, () => sampleFromSchema(schema.items as JsonSchema, depth + 1));
    }
    case 'string':
      if (schema.format === 'date-time') return new Date(0).toISOString();
      return 'a'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? schema.exclusiveMinimum ?? 1);
    case 'boolean':
      return true;
    default:
      return 'x';
  }
}

/** What to do at one place of a value. */
export interface Mutation {
  readonly at: number;
  readonly kind: 'replace' | 'delete' | 'add';
  readonly key: string;
  readonly value: Json;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'add'),
  key: fc.oneof(edgeString.filter((key) => key.length < 100), fc.constantFrom('id', 'name', 'type', 'config', '__proto__')),
  value: edgeValue,
});

/** A copy of `value` with each mutation applied at the place its `at` picks among every place. */
export function mutate(value: Json, mutations: readonly Mutation[]): Json {
  let root = structuredClone(value);
  for (const change of mutations) {
    const places = placesOf(root);
    const place = places[change.at % places.length]!;
    if (place.parent === undefined) {
      root = change.kind === 'replace' ? change.value : root;
      continue;
    }
    const { parent, key } = place;
    if (change.kind === 'replace') (parent as Record<string | number, Json>)[key] = change.value;
    else if (change.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, Json>)[key];
    } else {
      const target = (parent as Record<string | number, Json>)[key];
      if (Array.isArray(target)) target.push(change.value);
      else if (target && typeof target === 'object') Object.defineProperty(target, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

interface Place {
  readonly parent: Json[] | Record<string, Json> | undefined;
  readonly key: string | number;
}

function placesOf(root: Json): Place[] {
  const places: Place[] = [{ parent: undefined, key: '' }];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (Array.isArray(current)) {
      current.forEach((item, index) => {
        places.push({ parent: current, key: index });
        stack.push(item);
      });
    } else if (current && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        places.push({ parent: current, key });
        stack.push(item);
      }
    }
  }
  return places;
}
