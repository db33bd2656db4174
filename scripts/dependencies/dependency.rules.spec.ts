import { dependencyProblems, typesPackageOf, type FileImport, type WorkspaceFacts } from './dependency.rules';

const isBuiltin = (name: string) => name.startsWith('node:');

/** A workspace at apps/app with nothing declared, imported or run unless said. */
function workspace(fields: Partial<WorkspaceFacts>): WorkspaceFacts {
  return {
    dir: 'apps/app',
    name: '@runtime-hub/app',
    dependencies: new Set(),
    devDependencies: new Set(),
    imports: [],
    commandPackages: new Set(),
    typesPackages: new Set(),
    requiredPeers: new Set(),
    ...fields,
  };
}

function site(specifier: string, fields: Partial<FileImport> = {}): FileImport {
  const packageName = specifier.startsWith('.') ? undefined : specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return { file: 'apps/app/src/main.ts', line: 3, specifier, packageName, typeOnly: false, devFile: false, ...fields };
}

describe('dependencyProblems', () => {
  it('accepts a workspace that declares exactly what it imports', () => {
    const facts = workspace({
      dependencies: new Set(['zod', '@runtime-hub/protocol', 'rxjs']),
      devDependencies: new Set(['fast-check', '@types/express', 'vite', '@types/node']),
      imports: [
        site('zod'),
        site('@runtime-hub/protocol'),
        site('node:fs'),
        site('fast-check', { file: 'apps/app/src/main.spec.ts', devFile: true }),
        site('express', { typeOnly: true }),
        site('./local'),
      ],
      commandPackages: new Set(['vite']),
      requiredPeers: new Set(['rxjs']),
    });
    expect(dependencyProblems(facts, isBuiltin)).toEqual([]);
  });

  it('names an import that is not declared, with the file and line of its first use', () => {
    const facts = workspace({ imports: [site('zod'), site('zod', { line: 9 }), site('express', { typeOnly: true })] });
    expect(dependencyProblems(facts, isBuiltin)).toEqual([
      'apps/app/package.json: "zod" is imported (apps/app/src/main.ts:3) but not declared',
      'apps/app/package.json: "express" is imported (apps/app/src/main.ts:3) but not declared',
    ]);
  });

  it('wants a package a runtime file imports in dependencies, not devDependencies', () => {
    const facts = workspace({ devDependencies: new Set(['zod']), imports: [site('zod')] });
    expect(dependencyProblems(facts, isBuiltin)).toEqual([
      'apps/app/package.json: "zod" is imported by a runtime file (apps/app/src/main.ts:3): declare it in dependencies, not devDependencies',
    ]);
  });

  it("refuses a path into another workspace's files, by package or relative path; the root may", () => {
    const imports = [site('@runtime-hub/coordinator/src/config/coordinator.config'), site('../../bench/src', { landsInWorkspace: 'apps/bench' })];
    const declared = new Set(['@runtime-hub/coordinator']);
    expect(dependencyProblems(workspace({ dependencies: declared, imports }), isBuiltin)).toEqual([
      'apps/app/package.json: apps/app/src/main.ts:3 imports "@runtime-hub/coordinator/src/config/coordinator.config", another workspace\'s files: import what its package exports',
      'apps/app/package.json: apps/app/src/main.ts:3 imports "../../bench/src", a path into apps/bench: import its package instead',
    ]);
    expect(dependencyProblems(workspace({ dir: '', name: 'runtime-hub', dependencies: declared, imports }), isBuiltin)).toEqual([]);
  });

  it('names a declared package nothing imports, runs or requires', () => {
    const facts = workspace({ dependencies: new Set(['cookie-parser', '@types/cookie-parser']) });
    expect(dependencyProblems(facts, isBuiltin)).toEqual([
      'apps/app/package.json: "@types/cookie-parser" is declared but never imported, run or required: remove it',
      'apps/app/package.json: "cookie-parser" is declared but never imported, run or required: remove it',
    ]);
  });

  it("counts @types packages of tsconfig's types, of Node's built-ins and of scoped packages", () => {
    const facts = workspace({
      devDependencies: new Set(['@types/jest', '@types/node', '@types/babel__core']),
      imports: [site('node:path'), site('@babel/core', { typeOnly: true })],
      typesPackages: new Set(['jest']),
    });
    expect(dependencyProblems(facts, isBuiltin)).toEqual([]);
    expect(typesPackageOf('@babel/core')).toBe('@types/babel__core');
  });
});
