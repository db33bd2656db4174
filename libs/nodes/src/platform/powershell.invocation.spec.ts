import {
  POWERSHELL_EPILOGUE,
  POWERSHELL_PRELUDE,
  decodePowerShellCommand,
  encodePowerShellCommand,
  powershellInvocation,
  powershellScriptFileContent,
  powershellScriptFileInvocation,
  quotePowerShellLiteral,
  wrapPowerShellScript,
} from './powershell.invocation';

const encodedCommandOf = (args: readonly string[]): string => {
  expect(args[args.length - 2]).toBe('-EncodedCommand');
  return decodePowerShellCommand(args[args.length - 1] as string);
};

describe('powershellInvocation', () => {
  it('builds the exact Windows PowerShell command line', () => {
    const invocation = powershellInvocation('Get-Date', { edition: 'powershell' });

    expect(invocation.file).toBe('powershell.exe');
    expect(invocation.args).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
      encodePowerShellCommand(`${POWERSHELL_PRELUDE}\nGet-Date\n${POWERSHELL_EPILOGUE}`),
    ]);
    expect(invocation.windowsVerbatimArguments).toBeUndefined();
  });

  it('runs PowerShell 7 as pwsh with the same switches', () => {
    const invocation = powershellInvocation('Get-Date', { edition: 'pwsh' });

    expect(invocation.file).toBe('pwsh');
    expect(invocation.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
  });

  it('encodes the command as base64 of its UTF-16LE bytes', () => {
    // "A" is 0x41 0x00 in UTF-16LE, "QQA=" in base64.
    expect(encodePowerShellCommand('A')).toBe('QQA=');
    expect(Buffer.from(encodePowerShellCommand('Aé'), 'base64')).toEqual(Buffer.from([0x41, 0x00, 0xe9, 0x00]));
  });

  it('stops on the first error and propagates exit codes', () => {
    const decoded = encodedCommandOf(powershellInvocation('robocopy a b', { edition: 'powershell' }).args);

    expect(decoded.startsWith("$ErrorActionPreference='Stop';")).toBe(true);
    expect(decoded.split('\n')).toEqual([POWERSHELL_PRELUDE, 'robocopy a b', 'if (Test-Path -LiteralPath variable:\\LASTEXITCODE) { exit $LASTEXITCODE }']);
  });

  it('keeps quotes, newlines, unicode and shell metacharacters intact', () => {
    const script = [
      `Write-Output "double \\"quoted\\" and 'single' quoted"`,
      'Write-Output `$notExpanded %PATH% ^& | > < ; $(1+1)',
      'Write-Output "héllo wörld ✓ 日本語 🚀"',
      '# a comment on the last line, without a newline',
    ].join('\r\n');

    const decoded = encodedCommandOf(powershellInvocation(script, { edition: 'pwsh' }).args);

    expect(decoded).toBe(wrapPowerShellScript(script));
    expect(decoded.split('\n')[1]).toBe(script.split('\n')[0]);
    expect(decoded).toContain('🚀');
    expect(decoded.endsWith(`\n${POWERSHELL_EPILOGUE}`)).toBe(true);
  });

  it('encodes to characters that need no quoting on any command line', () => {
    const [, , , , , encoded] = powershellInvocation(`"'\` $x & | ; \n`, { edition: 'powershell' }).args;

    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe('powershellScriptFileInvocation', () => {
  it('calls the script file with & from a wrapped encoded command', () => {
    const invocation = powershellScriptFileInvocation("C:\\work\\it's here\\script.ps1", { edition: 'powershell' });

    expect(encodedCommandOf(invocation.args)).toBe(wrapPowerShellScript("& 'C:\\work\\it''s here\\script.ps1'"));
  });

  it('writes the file as UTF-8 with a BOM', () => {
    const bytes = powershellScriptFileContent('Write-Output "é"');

    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('Write-Output "é"');
  });

  it('doubles every kind of single quote PowerShell recognizes', () => {
    expect(quotePowerShellLiteral('a\u2019b\'c')).toBe("'a\u2019\u2019b''c'");
  });
});
