import type { CommandSpec, OptionSpec } from '../command';

/**
 * `runtime-hub --help` and `runtime-hub <command> --help`, from the commands' specs:
 * usage, what it does, options, environment, examples and exit codes, in the order a man
 * page has them.
 */

/** Columns prose is wrapped to: what every terminal shows without wrapping it again. */
export const HELP_WIDTH = 80;
const INDENT = '  ';

export function formatCommandHelp(spec: CommandSpec): string[] {
  const lines = spec.usage.map((usage, index) => `${index === 0 ? 'usage: ' : '       '}${usage}`);
  for (const paragraph of spec.description.split(/\n\s*\n/)) lines.push('', ...wrap(paragraph, HELP_WIDTH));
  const options = Object.entries(spec.options).map(([name, option]) => [optionLabel(name, option), option.description] as const);
  options.push(['-h, --help', 'show this page']);
  lines.push('', 'options:', ...definitionList(options));
  if (spec.env.length > 0) lines.push('', 'environment:', ...definitionList(spec.env));
  if (spec.examples.length > 0) {
    lines.push('', 'examples:');
    for (const [command, what] of spec.examples) lines.push(`${INDENT}${command}`, ...wrap(what, HELP_WIDTH, INDENT.repeat(3)));
  }
  lines.push('', 'exit codes:', ...definitionList(spec.exitCodes.map(([code, when]) => [String(code), when])));
  return lines;
}

export function formatOverview(specs: readonly CommandSpec[], tokenLookup: string): string[] {
  const width = Math.max(...specs.map((spec) => spec.name.length));
  return [
    'Runtime Hub: orchestrate automations across fleets of Windows machines.',
    '',
    'usage: runtime-hub <command> [options]',
    '',
    ...specs.map((spec) => `${INDENT}${spec.name.padEnd(width)}  ${spec.summary}`),
    '',
    ...wrap(tokenLookup, HELP_WIDTH),
    '',
    ...wrap('`runtime-hub <command> --help` shows what a command does, its options, environment, examples and exit codes.', HELP_WIDTH),
  ];
}

function optionLabel(name: string, option: OptionSpec): string {
  const long = `--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`;
  return option.short ? `-${option.short}, ${long}` : long;
}

/** `  term   text`, the texts aligned and wrapped under themselves. */
function definitionList(entries: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...entries.map(([term]) => term.length));
  const lines: string[] = [];
  for (const [term, text] of entries) {
    const hang = INDENT + ' '.repeat(width + 2);
    const [first = '', ...rest] = wrap(text, HELP_WIDTH, hang);
    lines.push(`${INDENT}${term.padEnd(width)}  ${first.slice(hang.length)}`, ...rest);
  }
  return lines;
}

/** Words of `text` in lines of at most `width` columns (a longer word keeps its own line), each starting with `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(indent + line);
  return lines;
}
