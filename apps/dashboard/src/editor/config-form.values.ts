import { withEntry } from '../ui/ordered-record';
import type { ConfigField } from './config-form.fields';

/**
 * Between a config value and the text of its form control. Every control edits text; what
 * the text means depends on the field's kind. Empty text removes the key, so an optional
 * field left blank takes its default and a required one is reported by the validator.
 */

export type ParsedField = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function fieldText(field: ConfigField, value: unknown): string {
  if (value === undefined) return '';
  switch (field.kind) {
    case 'string':
    case 'multiline':
    case 'enum':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'number':
    case 'integer':
      return typeof value === 'number' ? String(value) : JSON.stringify(value);
    case 'boolean':
      return value === true ? 'true' : 'false';
    case 'string-list':
      return Array.isArray(value) ? value.map(String).join('\n') : JSON.stringify(value);
    case 'json-or-string':
      return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    case 'json':
      return JSON.stringify(value, null, 2);
  }
}

/** The value a control's text stands for; `value: undefined` means "remove the key". */
export function parseFieldText(field: ConfigField, text: string): ParsedField {
  if (text.trim() === '' && field.kind !== 'multiline' && field.kind !== 'string') return { ok: true, value: undefined };
  switch (field.kind) {
    case 'string':
    case 'multiline':
    case 'enum':
      return { ok: true, value: text === '' ? undefined : text };
    case 'number':
    case 'integer': {
      const number = Number(text.trim());
      if (!Number.isFinite(number)) return { ok: false, error: `"${text.trim()}" is not a number` };
      if (field.kind === 'integer' && !Number.isInteger(number)) return { ok: false, error: 'a whole number is expected' };
      return { ok: true, value: number };
    }
    case 'boolean':
      return { ok: true, value: text === 'true' };
    case 'string-list':
      return {
        ok: true,
        value: text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      };
    case 'json-or-string': {
      // `{{ ... }}` is a template, the string alternative; `[` or `{` alone opens JSON.
      const trimmed = text.trim();
      const json = !trimmed.startsWith('{{') && (trimmed.startsWith('[') || trimmed.startsWith('{'));
      return json ? parseJson(trimmed) : { ok: true, value: text };
    }
    case 'json':
      return parseJson(text);
  }
}

function parseJson(text: string): ParsedField {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The config with `key` set to `value` in its place, or removed when `value` is undefined. */
export function withConfigValue(config: Readonly<Record<string, unknown>>, key: string, value: unknown): Record<string, unknown> {
  return withEntry<Record<string, unknown>, string>(config, key, value);
}
