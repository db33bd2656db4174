import { NonRetryableError } from '../errors/non-retryable.error';
import { cmdInvocation, cmdScriptFileContent } from './cmd.invocation';

describe('cmdInvocation', () => {
  it('builds the exact cmd.exe command line, passed verbatim', () => {
    expect(cmdInvocation('C:\\agent\\work\\task 1\\script.cmd')).toEqual({
      file: 'cmd.exe',
      args: ['/d', '/e:on', '/v:off', '/s', '/c', '"call "C:\\agent\\work\\task 1\\script.cmd""'],
      windowsVerbatimArguments: true,
    });
  });

  it.each(['C:\\a%PATH%\\s.cmd', 'C:\\a"b\\s.cmd', 'C:\\a!x!\\s.cmd', 'C:\\a^b\\s.cmd', 'C:\\a\nb\\s.cmd'])(
    'refuses a path cmd would still interpret: %j',
    (path) => {
      expect(() => cmdInvocation(path)).toThrow(NonRetryableError);
    },
  );
});

describe('cmdScriptFileContent', () => {
  it('turns echo off, switches to UTF-8 and ends every line with CRLF', () => {
    expect(cmdScriptFileContent('echo 100%% done\nexit /b 3')).toBe('@echo off\r\nchcp 65001 >nul\r\necho 100%% done\r\nexit /b 3\r\n');
  });

  it('does not double CRLF line ends', () => {
    expect(cmdScriptFileContent('a\r\nb')).toBe('@echo off\r\nchcp 65001 >nul\r\na\r\nb\r\n');
  });
});
