import { packageOf, scanImports } from './import.scan';

describe('scanImports', () => {
  it('finds every kind of import with its line, and tells type-only ones apart', () => {
    const source = [
      "import { z } from 'zod';",
      "import type { Request } from 'express';",
      "export { thing } from '@runtime-hub/graph';",
      "export type { Row } from '@runtime-hub/db';",
      "const pg = require('pg');",
      "const swc = require.resolve('@swc/jest');",
      "const later = await import('bullmq');",
      "type Lazy = typeof import('ioredis');",
      "// import { not } from 'a-comment';",
      "const text = \"import { not } from 'a-string'\";",
      "const dynamic = require(name);",
    ].join('\n');
    expect(scanImports('file.ts', source)).toEqual([
      { specifier: 'zod', line: 1, typeOnly: false },
      { specifier: 'express', line: 2, typeOnly: true },
      { specifier: '@runtime-hub/graph', line: 3, typeOnly: false },
      { specifier: '@runtime-hub/db', line: 4, typeOnly: true },
      { specifier: 'pg', line: 5, typeOnly: false },
      { specifier: '@swc/jest', line: 6, typeOnly: false },
      { specifier: 'bullmq', line: 7, typeOnly: false },
      { specifier: 'ioredis', line: 8, typeOnly: true },
    ]);
  });

  it('reads JavaScript and TSX files', () => {
    expect(scanImports('config.mjs', "import js from '@eslint/js';").map((site) => site.specifier)).toEqual(['@eslint/js']);
    expect(scanImports('Page.tsx', "import { useState } from 'react';\nexport const Page = () => <div />;").map((site) => site.specifier)).toEqual(['react']);
  });
});

describe('packageOf', () => {
  it('names the package of a bare specifier, and none for a path', () => {
    expect(packageOf('zod')).toBe('zod');
    expect(packageOf('drizzle-orm/pg-core')).toBe('drizzle-orm');
    expect(packageOf('@runtime-hub/nodes/executors')).toBe('@runtime-hub/nodes');
    expect(packageOf('node:fs')).toBe('node:fs');
    expect(packageOf('./local')).toBeUndefined();
    expect(packageOf('../../apps/cli/src/main')).toBeUndefined();
    expect(packageOf('/abs/file')).toBeUndefined();
  });
});
