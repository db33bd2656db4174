import { decodeText } from './text-decoding';

describe('decodeText', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(Buffer.from('héllo'))).toBe('héllo');
  });

  it('drops a UTF-8 BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo')]))).toBe('héllo');
  });

  it('reads UTF-16LE with a BOM, as Windows PowerShell writes it', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo ✓', 'utf16le')]))).toBe('héllo ✓');
  });

  it('reads UTF-16BE with a BOM', () => {
    const littleEndian = Buffer.from('hé✓', 'utf16le');
    const bigEndian = Buffer.from(littleEndian).swap16();

    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]))).toBe('hé✓');
  });

  it('reads an empty file as empty text', () => {
    expect(decodeText(Buffer.alloc(0))).toBe('');
  });
});
