/**
 * Text from a file's bytes, honouring a byte order mark: Windows tools write UTF-8 with a BOM
 * (Notepad, PowerShell 7 `-Encoding utf8BOM`) and UTF-16LE with a BOM (Windows PowerShell's
 * `Out-File` and `>`). Without a BOM the bytes are read as UTF-8. The BOM is not part of the text.
 */
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const UTF16LE_BOM = [0xff, 0xfe] as const;
const UTF16BE_BOM = [0xfe, 0xff] as const;

function startsWith(bytes: Buffer, bom: readonly number[]): boolean {
  return bytes.length >= bom.length && bom.every((byte, index) => bytes[index] === byte);
}

export function decodeText(bytes: Buffer): string {
  if (startsWith(bytes, UTF8_BOM)) return bytes.subarray(UTF8_BOM.length).toString('utf8');
  if (startsWith(bytes, UTF16LE_BOM)) return bytes.subarray(UTF16LE_BOM.length).toString('utf16le');
  if (startsWith(bytes, UTF16BE_BOM)) {
    // Node has no UTF-16BE decoder: swap each byte pair into little-endian order.
    const body = Buffer.from(bytes.subarray(UTF16BE_BOM.length));
    return body.subarray(0, body.length - (body.length % 2)).swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}
