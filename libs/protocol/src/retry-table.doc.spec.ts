import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NEVER_RETRIED, RETRYABLE_BY_DEFAULT, RunErrorCodeSchema } from './run-error-code.schema';

/** The "Retries" table of docs/ARCHITECTURE.md, as code -> [by default, with retry]. */
function documentedRetryTable(): Map<string, [string, string]> {
  const doc = readFileSync(join(__dirname, '../../../docs/ARCHITECTURE.md'), 'utf8');
  const section = doc.split('### Retries')[1]?.split('\n### ')[0] ?? '';
  const rows = new Map<string, [string, string]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5 || !/^[A-Z_]+$/.test(cells[1]!)) continue;
    rows.set(cells[1]!, [cells[2]!, cells[3]!]);
  }
  return rows;
}

describe('the retry rule as documented', () => {
  const documented = documentedRetryTable();

  it('lists every error code once', () => {
    expect([...documented.keys()].sort()).toEqual([...RunErrorCodeSchema.options].sort());
  });

  it.each(RunErrorCodeSchema.options)('%s: the columns say what the code does', (code) => {
    const expected: [string, string] = [RETRYABLE_BY_DEFAULT[code] ? 'yes' : 'no', NEVER_RETRIED.has(code) ? 'no' : 'yes'];
    expect(documented.get(code)).toEqual(expected);
  });
});
