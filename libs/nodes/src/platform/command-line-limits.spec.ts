import { quoteWindowsArgument, windowsCommandLineLength } from './command-line-limits';

describe('quoteWindowsArgument', () => {
  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['two words', '"two words"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\dir with space\\', '"C:\\dir with space\\\\"'],
    ['a\\"b', '"a\\\\\\"b"'],
    ['C:\\no\\spaces', 'C:\\no\\spaces'],
  ])('quotes %j as %j', (argument, quoted) => {
    expect(quoteWindowsArgument(argument)).toBe(quoted);
  });
});

describe('windowsCommandLineLength', () => {
  it('counts the quoted parts and the spaces between them', () => {
    expect(windowsCommandLineLength({ file: 'a b.exe', args: ['x', 'y z'] })).toBe('"a b.exe" x "y z"'.length);
  });

  it('counts verbatim arguments as written', () => {
    expect(windowsCommandLineLength({ file: 'cmd.exe', args: ['/c', '"call "a b""'], windowsVerbatimArguments: true })).toBe(
      'cmd.exe /c "call "a b""'.length,
    );
  });
});
