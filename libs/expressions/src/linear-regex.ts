import { RE2JS } from 're2js';
import { COMPILED_REGEXES_KEPT } from './expression-limits';

/** What JSONata reads of a match (`evaluateRegex` in jsonata.js): RegExp.exec's shape. */
interface RegexMatch extends Array<string | undefined> {
  index: number;
}

const compiled = new Map<string, RE2JS>();

/** Compiles once per pattern and flags; a regex inside a loop is evaluated again and again. */
function compile(regex: RegExp): RE2JS {
  const key = `${regex.flags}/${regex.source}`;
  let pattern = compiled.get(key);
  if (pattern === undefined) {
    try {
      pattern = RE2JS.compile(RE2JS.translateRegExp(regex));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`regular expression /${regex.source}/ is not supported by the linear-time engine (no backreferences or lookahead): ${reason}`);
    }
    if (compiled.size >= COMPILED_REGEXES_KEPT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, pattern);
  }
  return pattern;
}

/**
 * JSONata's `RegexEngine` option backed by RE2 (re2js, pure JavaScript): matching takes time
 * linear in the input whatever the pattern, so `/^(a|a)+$/` cannot backtrack for minutes.
 * JSONata constructs it with the RegExp its parser built (`new RegexEngine(regex)`), sets
 * `lastIndex` to where the search starts, calls `exec(text)` and reads `lastIndex` again to
 * find the next match, exactly as with a global RegExp. Patterns RE2 cannot run in linear time
 * (backreferences, lookahead) fail with an error saying so.
 */
export class LinearRegex {
  lastIndex = 0;
  private readonly pattern: RE2JS;

  constructor(source: RegExp | string, flags?: string) {
    // Building a RegExp only parses the pattern; nothing is matched with it.
    this.pattern = compile(typeof source === 'string' ? new RegExp(source, flags) : source);
  }

  exec(text: string): RegexMatch | null {
    if (this.lastIndex > text.length) {
      this.lastIndex = 0;
      return null;
    }
    const matcher = this.pattern.matcher(text);
    if (!matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const match = [matcher.group(0) ?? ''] as RegexMatch;
    for (let group = 1; group <= matcher.groupCount(); group += 1) match.push(matcher.group(group) ?? undefined);
    match.index = matcher.start(0);
    this.lastIndex = matcher.end(0);
    return match;
  }
}
