/**
 * File-name globs: `*` is any run of characters (none included), `?` exactly one; everything
 * else is literal, so `a+b(1).log` means itself. The whole name must match. No `**`, classes
 * or braces: a name pattern needs none.
 *
 * Matched by the classic two-pointer algorithm rather than a RegExp built from the pattern:
 * `*a*a*a*a*b` turned into `.*a.*a.*a.*a.*b` backtracks polynomially in the name length to the
 * power of the star count, which a pattern from a workflow could exploit. Here each star is
 * revisited at most once per name position: O(name × pattern) at worst. Characters are code
 * points, so `?` matches one emoji as it matches one letter.
 */
export type GlobMatcher = (name: string) => boolean;

export function compileGlob(pattern: string, options: { readonly caseInsensitive: boolean }): GlobMatcher {
  const fold = (text: string) => Array.from(options.caseInsensitive ? text.toLowerCase() : text);
  const wanted = fold(pattern);
  return (name) => matchGlob(wanted, fold(name));
}

function matchGlob(pattern: readonly string[], name: readonly string[]): boolean {
  let p = 0;
  let n = 0;
  // The last star seen, and the name position it currently stands for the end of.
  let star = -1;
  let starEnd = 0;
  while (n < name.length) {
    const token = pattern[p];
    if (token !== undefined && token !== '*' && (token === '?' || token === name[n])) {
      p += 1;
      n += 1;
    } else if (token === '*') {
      star = p;
      starEnd = n;
      p += 1;
    } else if (star !== -1) {
      // Let the last star swallow one more character and retry what follows it.
      p = star + 1;
      starEnd += 1;
      n = starEnd;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
