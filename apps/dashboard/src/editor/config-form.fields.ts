import { z } from 'zod';
import type { NodeDefinition } from '@runtime-hub/protocol';

/**
 * A node's config form, derived from the JSON Schema of its config schema (zod's
 * `toJSONSchema`, input side: fields with defaults are optional). Each property becomes one
 * field of a kind the form knows how to edit; what has no simple control (records, nested
 * objects, arrays of non-strings, unions) is edited as JSON.
 */

export type ConfigFieldKind = 'string' | 'multiline' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-list' | 'json' | 'json-or-string';

export interface ConfigField {
  readonly key: string;
  readonly kind: ConfigFieldKind;
  readonly required: boolean;
  readonly description?: string;
  /** `enum`: the values to choose from. */
  readonly options?: readonly string[];
  readonly defaultValue?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** The subset of JSON Schema that zod emits for node configs and this module reads. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly description?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Config keys that hold code or file content: a multi-line monospace editor. */
const MULTILINE_KEYS: ReadonlySet<string> = new Set(['script', 'code', 'content']);

const schemaCache = new WeakMap<NodeDefinition, JsonSchema>();

/** The config schema of a node type as JSON Schema (computed once per definition). */
export function configJsonSchema(definition: NodeDefinition): JsonSchema {
  let schema = schemaCache.get(definition);
  if (!schema) {
    schema = z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    schemaCache.set(definition, schema);
  }
  return schema;
}

export function configFields(schema: JsonSchema): ConfigField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) => ({
    key,
    kind: fieldKind(key, property),
    required: required.has(key),
    ...(property.description !== undefined ? { description: property.description } : {}),
    ...(isStringEnum(property.enum) ? { options: property.enum } : {}),
    ...(property.default !== undefined ? { defaultValue: property.default } : {}),
    ...(property.minimum !== undefined ? { minimum: property.minimum } : {}),
    ...(property.maximum !== undefined ? { maximum: property.maximum } : {}),
  }));
}

function fieldKind(key: string, property: JsonSchema): ConfigFieldKind {
  if (isStringEnum(property.enum)) return 'enum';
  const alternatives = property.anyOf ?? property.oneOf;
  if (alternatives) return alternatives.some((alternative) => alternative.type === 'string') ? 'json-or-string' : 'json';
  switch (property.type) {
    case 'string':
      return MULTILINE_KEYS.has(key) ? 'multiline' : 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return property.items?.type === 'string' && !property.items.enum ? 'string-list' : 'json';
    default:
      return 'json';
  }
}

function isStringEnum(values: readonly unknown[] | undefined): values is readonly string[] {
  return values !== undefined && values.length > 0 && values.every((value) => typeof value === 'string');
}

/**
 * The config a new node starts with: required fields that have an obvious empty value
 * (an object, a list, a choice, false). A choice is `preferred[key]` when that is one of its
 * options (the shell the online agents can run), else the first. Required text is left out,
 * so the node shows what it still needs.
 */
export function initialConfig(fields: readonly ConfigField[], preferred: Readonly<Record<string, string | undefined>> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    if (!field.required) continue;
    const choice = preferred[field.key];
    if (field.kind === 'enum' && choice !== undefined && field.options?.includes(choice)) config[field.key] = choice;
    else if (field.kind === 'enum' && field.options?.[0] !== undefined) config[field.key] = field.options[0];
    else if (field.kind === 'boolean') config[field.key] = false;
    else if (field.kind === 'string-list') config[field.key] = [];
    else if (field.kind === 'json') config[field.key] = {};
  }
  return config;
}
