/** Opens a template inside a config string. */
export const TEMPLATE_OPEN = '{{';
/** Closes a template. */
export const TEMPLATE_CLOSE = '}}';

export interface TemplateSpan {
  /** The JSONata expression between the braces, trimmed. */
  readonly expression: string;
  /** Index of the first `{` of `{{`. */
  readonly start: number;
  /** Index just past the last `}` of `}}`. */
  readonly end: number;
}

export interface TemplateScan {
  readonly templates: TemplateSpan[];
  /** Index of a `{{` that no `}}` closes, if any (scanning stops there). */
  readonly unterminatedAt?: number;
}

/** Every complete `{{ expr }}` template in `text`, in order. */
export function findTemplates(text: string): Array<{ expression: string; start: number; end: number }> {
  return scanTemplates(text).templates.map((span) => ({ ...span }));
}

/** Does `text` hold anything that starts a template? */
export function hasTemplate(text: string): boolean {
  return text.includes(TEMPLATE_OPEN);
}

/**
 * Finds the templates of a string. A template closes at the first `}}` outside JSONata string
 * literals, backquoted names, comments and nested braces, so `{{ {"a": {"b": 1}} }}` is one
 * template and `{{ "}}" }}` holds the string `"}}"`.
 */
export function scanTemplates(text: string): TemplateScan {
  const templates: TemplateSpan[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(TEMPLATE_OPEN, from);
    if (start < 0) return { templates };
    const closeAt = findClose(text, start + TEMPLATE_OPEN.length);
    if (closeAt === undefined) return { templates, unterminatedAt: start };
    const end = closeAt + TEMPLATE_CLOSE.length;
    templates.push({ expression: text.slice(start + TEMPLATE_OPEN.length, closeAt).trim(), start, end });
    from = end;
  }
}

/** Index of the `}}` closing a template whose expression starts at `from`. */
function findClose(text: string, from: number): number | undefined {
  let depth = 0;
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (char === '"' || char === "'" || char === '`') {
      index = skipQuoted(text, index, char);
    } else if (char === '/' && text[index + 1] === '*') {
      const commentEnd = text.indexOf('*/', index + 2);
      if (commentEnd < 0) return undefined;
      index = commentEnd + 2;
    } else if (char === '{') {
      depth += 1;
      index += 1;
    } else if (char === '}') {
      if (depth === 0 && text[index + 1] === '}') return index;
      depth = Math.max(0, depth - 1);
      index += 1;
    } else {
      index += 1;
    }
  }
  return undefined;
}

/** Index just past the quote closing the literal that opens at `open` (end of text if none). */
function skipQuoted(text: string, open: number, quote: string): number {
  let index = open + 1;
  while (index < text.length) {
    const char = text[index];
    // Backquoted names have no escapes; string literals escape with a backslash.
    if (char === '\\' && quote !== '`') index += 2;
    else if (char === quote) return index + 1;
    else index += 1;
  }
  return text.length;
}
