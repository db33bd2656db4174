/**
 * "did you mean" for a name that is not known: an unknown config key (`urll`), node type
 * (`shel`), CLI command (`valdate`) or flag (`--wiat`). A suggestion is made only when one
 * known name is clearly closest, so a wrong guess is rarer than no guess.
 */

/**
 * Edits (insert, delete, substitute, swap two neighbours) allowed per this many characters of
 * the typed name: one edit for a name of up to five characters, two up to eight, and so on.
 */
const CHARACTERS_PER_EDIT = 3;
/** A typed prefix suggests the one name it starts only when it is at least this long (`work` -> `workflows`). */
const MIN_PREFIX_LENGTH = 3;

/** The known name closest to `typed`, or undefined when none is close or two are equally close. */
export function closestMatch(typed: string, known: Iterable<string>): string | undefined {
  const word = typed.toLowerCase();
  const candidates = [...new Set(known)].filter((name) => name !== typed);
  const allowed = Math.max(1, Math.floor(word.length / CHARACTERS_PER_EDIT));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const name of candidates) {
    const distance = editDistance(word, name.toLowerCase());
    if (distance < bestDistance) {
      [best, bestDistance, tied] = [name, distance, false];
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  if (best !== undefined && bestDistance <= allowed && !tied) return best;
  if (word.length < MIN_PREFIX_LENGTH) return undefined;
  const starting = candidates.filter((name) => name.toLowerCase().startsWith(word));
  return starting.length === 1 ? starting[0] : undefined;
}

/** ` (did you mean "url"?)`, or '' when there is nothing to suggest: ready to append to a message. */
export function didYouMean(typed: string, known: Iterable<string>, quote = '"'): string {
  const match = closestMatch(typed, known);
  return match === undefined ? '' : ` (did you mean ${quote}${match}${quote}?)`;
}

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbouring characters. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let cost = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, table[i - 2]![j - 2]! + 1);
      table[i]![j] = cost;
    }
  }
  return table[a.length]![b.length]!;
}
