import jsonata from 'jsonata';

export type ParsedExpression =
  | { readonly ok: true; readonly expression: jsonata.Expression }
  | { readonly ok: false; readonly message: string; readonly position?: number };

/**
 * Parses a JSONata expression without throwing (evaluation happens elsewhere, under the
 * limits of the expression sandbox, libs/expressions). JSONata reports syntax errors as plain
 * objects `{ code, message, position, token }`; anything else thrown (a stack overflow on an
 * absurdly nested expression) is reported by its message too.
 */
export function parseExpression(source: string): ParsedExpression {
  try {
    return { ok: true, expression: jsonata(source) };
  } catch (error) {
    const { message, position } = describeJsonataError(error);
    return { ok: false, message, ...(position !== undefined ? { position } : {}) };
  }
}

/** The message and position of whatever JSONata threw. */
export function describeJsonataError(error: unknown): { message: string; position?: number } {
  if (typeof error === 'object' && error !== null) {
    const record = error as { message?: unknown; position?: unknown };
    const message = typeof record.message === 'string' && record.message !== '' ? record.message : 'invalid expression';
    const position = typeof record.position === 'number' ? record.position : undefined;
    return position !== undefined ? { message, position } : { message };
  }
  return { message: String(error) };
}
