/**
 * Writes libs/protocol/json-schema/*.json from the zod schemas, for the Python agent and
 * for editors. `--check` compares instead of writing and exits 1 when a file is stale, so
 * CI catches a schema change whose JSON Schema was not regenerated.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { JSON_SCHEMA_EXPORTS } from '../src/json-schema-exports';

const outDir = path.resolve(__dirname, '..', 'json-schema');

function render(schema: z.ZodType, id: string): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ $id: `https://runtime-hub.dev/schema/${id}.json`, ...json }, null, 2)}\n`;
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  await mkdir(outDir, { recursive: true });
  const stale: string[] = [];
  for (const [id, schema] of Object.entries(JSON_SCHEMA_EXPORTS)) {
    const file = path.join(outDir, `${id}.json`);
    const expected = render(schema, id);
    if (check) {
      const actual = await readFile(file, 'utf8').catch(() => '');
      if (actual !== expected) stale.push(path.relative(process.cwd(), file));
    } else {
      await writeFile(file, expected);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`JSON Schema files are out of date (run \`npm run schemas\`):\n  ${stale.join('\n  ')}\n`);
    return 1;
  }
  process.stdout.write(check ? 'JSON Schema files are up to date.\n' : `Wrote ${Object.keys(JSON_SCHEMA_EXPORTS).length} JSON Schema files to ${outDir}\n`);
  return 0;
}

main().then((code) => process.exit(code));
