import { useState } from 'react';

/**
 * The text of a control that edits a value held elsewhere (the editor document). Typing
 * changes the text at once; the value follows when the text parses. When the value changes
 * from outside (undo, redo, import), the text is reset to it, unless the text already says
 * the same value (the user's own spacing is kept).
 */
export function useSyncedText(value: unknown, toText: (value: unknown) => string, parse: (text: string) => { ok: true; value: unknown } | { ok: false }): [string, (text: string) => void] {
  const [text, setText] = useState(() => toText(value));
  const [seen, setSeen] = useState(() => JSON.stringify(value));
  const current = JSON.stringify(value);
  if (current !== seen) {
    setSeen(current);
    const parsed = parse(text);
    if (!parsed.ok || JSON.stringify(parsed.value) !== current) setText(toText(value));
  }
  return [text, setText];
}
