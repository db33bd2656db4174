import { maskSecrets, maskText } from './secret-mask';

describe('secret masking', () => {
  it('replaces every occurrence, the longest secret first', () => {
    expect(maskText('pw=abc123 again abc123', ['abc123'])).toBe('pw=*** again ***');
    expect(maskText('token abc123xyz', ['abc', 'abc123xyz'])).toBe('token ***');
    expect(maskText('nothing here', [''])).toBe('nothing here');
  });

  it('masks strings and keys deep inside a value, leaving other values as they are', () => {
    const output = { stdout: 'Bearer s3cr3t\n', exitCode: 0, nested: [{ 's3cr3t-key': ['x s3cr3t y', null, true] }] };
    expect(maskSecrets(output, ['s3cr3t'])).toEqual({ stdout: 'Bearer ***\n', exitCode: 0, nested: [{ '***-key': ['x *** y', null, true] }] });
    expect(output.stdout).toBe('Bearer s3cr3t\n');
    expect(maskSecrets(42, ['4'])).toBe(42);
  });

  it('copes with deep values without recursion', () => {
    let deep: unknown = 'the secret';
    for (let index = 0; index < 20_000; index += 1) deep = [deep];
    let masked = maskSecrets(deep, ['secret']);
    for (let index = 0; index < 20_000; index += 1) masked = (masked as unknown[])[0];
    expect(masked).toBe('the ***');
  });
});
