import { OutputTail } from './output-tail';

describe('OutputTail', () => {
  it('keeps everything under the limit', () => {
    const tail = new OutputTail(100);
    tail.append(Buffer.from('hello\n'));
    tail.append(Buffer.from('world\n'));

    expect(tail.truncated).toBe(false);
    expect(tail.text()).toBe('hello\nworld\n');
    expect(tail.totalBytes).toBe(12);
  });

  it('keeps the last bytes and says how many were dropped', () => {
    const tail = new OutputTail(6);
    tail.append(Buffer.from('hello\n'));
    tail.append(Buffer.from('world\n'));

    expect(tail.truncated).toBe(true);
    expect(tail.text()).toBe('[first 6 bytes not kept]\nworld\n');
  });

  it('never starts with half a UTF-8 character', () => {
    const tail = new OutputTail(5);
    // "✓" is three bytes: the last 5 bytes of "a✓✓" start inside the first check mark.
    tail.append(Buffer.from('a✓✓'));

    expect(tail.text()).toBe('[first 4 bytes not kept]\n✓');
  });

  it('gives the last non-empty lines', () => {
    const tail = new OutputTail(100);
    tail.append(Buffer.from('one\r\ntwo\n\nthree\n'));

    expect(tail.lastLines(2)).toEqual(['two', 'three']);
  });
});
