import { SECRET_NAME_PATTERN_TEXT } from '@runtime-hub/protocol';

/** The new-secret and replace-value form. Pure. */
export interface SecretForm {
  readonly name: string;
  /** Typed into a password field; never read back from the coordinator. */
  readonly value: string;
  /** Comma-separated; empty: any agent. */
  readonly labels: string;
}

export const EMPTY_SECRET_FORM: SecretForm = { name: '', value: '', labels: '' };

const NAME = new RegExp(SECRET_NAME_PATTERN_TEXT);

export type SecretFormResult = { ok: true; name: string; body: Record<string, unknown> } | { ok: false; field: keyof SecretForm; message: string };

/**
 * The PUT body of the form. Replacing a value (`replacing`) sends labels only when some were
 * typed, so an empty field keeps the ones the secret has.
 */
export function secretBody(form: SecretForm, replacing: boolean): SecretFormResult {
  const name = form.name.trim();
  if (!NAME.test(name)) return { ok: false, field: 'name', message: 'a letter or _, then letters, digits or _ (like DB_PASSWORD)' };
  if (form.value === '') return { ok: false, field: 'value', message: 'type the value' };
  const labels = form.labels
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
  if (replacing && labels.length === 0) return { ok: true, name, body: { value: form.value } };
  return { ok: true, name, body: { value: form.value, labels } };
}
