import { scanTemplates } from './template.scan';

/** The scope root that names secrets: `{{ secrets.NAME }}`. */
export const SECRETS_ROOT = 'secrets';

/** A secret's name: a letter or `_`, then letters, digits and `_` (an environment variable's shape). */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

const SECRET_REFERENCE = /^secrets\.([A-Za-z_][A-Za-z0-9_]{0,127})$/;

/**
 * The secret a template's expression names when it is exactly `secrets.NAME`, else undefined.
 * A secret is never evaluated: its value is put in where the template stands when the task
 * reaches its agent, so it stands alone in its template (`{{ secrets.NAME }}`).
 */
export function secretNameOf(expression: string): string | undefined {
  return SECRET_REFERENCE.exec(expression.trim())?.[1];
}

/** Every secret the `{{ secrets.NAME }}` templates of a JSON value name, each once, in document order. */
export function findSecretReferences(value: unknown): string[] {
  const names = new Set<string>();
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'string') {
      for (const template of scanTemplates(next).templates) {
        const name = secretNameOf(template.expression);
        if (name !== undefined) names.add(name);
      }
    } else if (Array.isArray(next)) {
      for (let index = next.length - 1; index >= 0; index -= 1) pending.push(next[index]);
    } else if (typeof next === 'object' && next !== null) {
      const values = Object.values(next);
      for (let index = values.length - 1; index >= 0; index -= 1) pending.push(values[index]);
    }
  }
  return [...names];
}
