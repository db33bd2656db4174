import { COMMANDS } from '../commands.registry';
import { formatCommandHelp, formatOverview, HELP_WIDTH, wrap } from './help.format';

describe('help pages', () => {
  it.each(COMMANDS.map((entry) => [entry.spec.name, entry]))('%s --help has every section and every flag', (_name, entry) => {
    // ACT
    const page = formatCommandHelp(entry.spec);
    // ASSERT
    expect(page[0]).toMatch(new RegExp(`^usage: runtime-hub ${entry.spec.name}\\b`));
    for (const section of ['options:', 'exit codes:']) expect(page).toContain(section);
    if (entry.spec.env.length > 0) expect(page).toContain('environment:');
    for (const option of Object.keys(entry.spec.options)) expect(page.some((line) => line.includes(`--${option}`))).toBe(true);
    expect(page.some((line) => line.includes('-h, --help'))).toBe(true);
    expect(page.filter((line) => line.startsWith('  ') && /^ {2}\d {2}/.test(line)).length).toBe(entry.spec.exitCodes.length);
  });

  it('wraps prose to the help width', () => {
    // ACT
    const page = formatCommandHelp(COMMANDS.find((entry) => entry.spec.name === 'run')!.spec);
    // ASSERT: only usage lines and example command lines may be longer
    const prose = page.filter((line) => !line.startsWith('usage:') && !line.startsWith('       runtime-hub') && !line.startsWith('  runtime-hub'));
    for (const line of prose) expect(line.length).toBeLessThanOrEqual(HELP_WIDTH);
  });

  it('names every command once in the overview', () => {
    const overview = formatOverview(COMMANDS.map((entry) => entry.spec), 'token lookup');
    for (const { spec } of COMMANDS) expect(overview.filter((line) => line.startsWith(`  ${spec.name} `)).length).toBe(1);
  });

  it('registers each command under the name its code has', async () => {
    for (const entry of COMMANDS) expect((await entry.load()).name).toBe(entry.spec.name);
  });
});

describe('wrap', () => {
  it('breaks between words and indents every line', () => {
    expect(wrap('one two three four', 12, '> ')).toEqual(['> one two', '> three four']);
    expect(wrap('averyveryverylongword x', 8)).toEqual(['averyveryverylongword', 'x']);
  });
});
