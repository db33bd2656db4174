import { LineSplitter } from './line-splitter';

const MAX = 1_000;

describe('LineSplitter', () => {
  it('emits complete lines, carrying a partial line to the next chunk', () => {
    const splitter = new LineSplitter(MAX);

    expect(splitter.push(Buffer.from('one\ntw'))).toEqual(['one']);
    expect(splitter.push(Buffer.from('o\nthree'))).toEqual(['two']);
    expect(splitter.end()).toEqual(['three']);
  });

  it('drops CR of CRLF, even when the pair is split across chunks', () => {
    const splitter = new LineSplitter(MAX);

    expect(splitter.push(Buffer.from('a\r'))).toEqual([]);
    expect(splitter.push(Buffer.from('\nb\r\n'))).toEqual(['a', 'b']);
    expect(splitter.end()).toEqual([]);
  });

  it('keeps empty lines', () => {
    expect(new LineSplitter(MAX).push(Buffer.from('a\n\nb\n'))).toEqual(['a', '', 'b']);
  });

  it('reassembles a UTF-8 character split between chunks', () => {
    const bytes = Buffer.from('é✓\n');
    const splitter = new LineSplitter(MAX);

    expect(splitter.push(bytes.subarray(0, 1))).toEqual([]);
    expect(splitter.push(bytes.subarray(1, 3))).toEqual([]);
    expect(splitter.push(bytes.subarray(3))).toEqual(['é✓']);
  });

  it('cuts a line longer than the maximum into pieces as it arrives', () => {
    const splitter = new LineSplitter(4);

    expect(splitter.push(Buffer.from('abcdefghij'))).toEqual(['abcd', 'efgh']);
    expect(splitter.push(Buffer.from('k\n'))).toEqual(['ijk']);
    expect(splitter.push(Buffer.from('0123456789\n'))).toEqual(['0123', '4567', '89']);
  });
});
