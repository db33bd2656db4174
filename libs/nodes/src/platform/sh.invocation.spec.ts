import { POSIX_MAX_ARGUMENT_BYTES } from './command-line-limits';
import { fitsInlineShArgument, shInvocation, shScriptFileInvocation } from './sh.invocation';

describe('shInvocation', () => {
  it('passes the script as the single argument after -c', () => {
    const script = `echo "it's" $HOME\nexit 3`;

    expect(shInvocation('sh', script)).toEqual({ file: '/bin/sh', args: ['-c', script] });
    expect(shInvocation('bash', script)).toEqual({ file: 'bash', args: ['-c', script] });
  });

  it('runs a script file as the first argument', () => {
    expect(shScriptFileInvocation('bash', '/work/t1/script.sh')).toEqual({ file: 'bash', args: ['/work/t1/script.sh'] });
  });

  it('sends long scripts and scripts holding NUL through a file', () => {
    expect(fitsInlineShArgument('x'.repeat(POSIX_MAX_ARGUMENT_BYTES))).toBe(true);
    expect(fitsInlineShArgument('x'.repeat(POSIX_MAX_ARGUMENT_BYTES + 1))).toBe(false);
    // "é" is two bytes in UTF-8: the limit is on bytes, not characters.
    expect(fitsInlineShArgument('é'.repeat(POSIX_MAX_ARGUMENT_BYTES / 2 + 1))).toBe(false);
    expect(fitsInlineShArgument('echo a\0b')).toBe(false);
  });
});
