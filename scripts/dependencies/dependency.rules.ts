/**
 * Pure rules for a workspace's package.json against what its files import (STYLE.md: a
 * workspace declares exactly what it uses, so installing it alone, pruning dev packages for
 * an image, or moving it never finds a package missing, and nothing is installed for nothing).
 *
 * 1. Every package imported is declared, in `dependencies` when a runtime file imports it
 *    (a spec, test, script or config file may use `devDependencies`). An import erased by the
 *    compiler (`import type`) may be satisfied by the package's `@types/` instead.
 * 2. A workspace imports another workspace through its package's entry points, never a path
 *    into its files (`@runtime-hub/x/src/...`, `../../x/src/...`); the repository root (tests,
 *    scripts) may reach into any workspace.
 * 3. Every package declared is used: imported; or an `@types/` package of one imported (or of
 *    Node's built-in modules, or named in a tsconfig's `types`); or run by its command line in
 *    the workspace's scripts or nx targets; or a peer dependency a declared package requires.
 */

export interface FileImport {
  /** Repository-relative path of the importing file. */
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  /** The package named; undefined for a relative path. */
  readonly packageName: string | undefined;
  readonly typeOnly: boolean;
  /** A spec, test, script or config file: devDependencies are enough for it. */
  readonly devFile: boolean;
  /** For a relative import, the other workspace's folder it lands in (none for its own, or the root's shared files). */
  readonly landsInWorkspace?: string;
}

export interface WorkspaceFacts {
  /** Repository-relative folder; '' for the root. */
  readonly dir: string;
  readonly name: string;
  readonly dependencies: ReadonlySet<string>;
  readonly devDependencies: ReadonlySet<string>;
  readonly imports: readonly FileImport[];
  /** Declared packages whose command line a script or nx target of the workspace runs. */
  readonly commandPackages: ReadonlySet<string>;
  /** Package names in the `types` of the workspace's tsconfig files (`vite/client` -> `vite`). */
  readonly typesPackages: ReadonlySet<string>;
  /** Non-optional peer dependencies of the packages the workspace declares. */
  readonly requiredPeers: ReadonlySet<string>;
}

/** `@types/` package holding the types of `name` (`@scope/pkg` -> `@types/scope__pkg`). */
export function typesPackageOf(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

export function dependencyProblems(workspace: WorkspaceFacts, isBuiltin: (name: string) => boolean): string[] {
  const label = workspace.dir === '' ? 'package.json' : `${workspace.dir}/package.json`;
  const isRoot = workspace.dir === '';
  const declared = new Set([...workspace.dependencies, ...workspace.devDependencies]);
  const problems = new Map<string, string>();
  const report = (key: string, message: string) => {
    if (!problems.has(key)) problems.set(key, `${label}: ${message}`);
  };
  const imported = new Set<string>();
  let importsBuiltins = false;

  for (const site of workspace.imports) {
    const at = `${site.file}:${site.line}`;
    if (site.packageName === undefined) {
      if (!isRoot && site.landsInWorkspace !== undefined) {
        report(`relative ${site.specifier}`, `${at} imports "${site.specifier}", a path into ${site.landsInWorkspace}: import its package instead`);
      }
      continue;
    }
    const name = site.packageName;
    if (isBuiltin(name)) {
      importsBuiltins = true;
      continue;
    }
    imported.add(name);
    if (name === workspace.name) continue;
    if (!isRoot && name.startsWith('@runtime-hub/') && /^@runtime-hub\/[^/]+\/src(\/|$)/.test(site.specifier)) {
      report(`deep ${site.specifier}`, `${at} imports "${site.specifier}", another workspace's files: import what its package exports`);
    }
    const declaredAs = declared.has(name) ? name : site.typeOnly && declared.has(typesPackageOf(name)) ? typesPackageOf(name) : undefined;
    if (declaredAs === undefined) {
      report(`missing ${name}`, `"${name}" is imported (${at}) but not declared`);
    } else if (!site.devFile && !site.typeOnly && !workspace.dependencies.has(name)) {
      report(`dev ${name}`, `"${name}" is imported by a runtime file (${at}): declare it in dependencies, not devDependencies`);
    }
  }

  for (const name of [...declared].sort()) {
    const typesOf = name.startsWith('@types/') ? name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2') : undefined;
    const used =
      imported.has(name) ||
      workspace.commandPackages.has(name) ||
      workspace.typesPackages.has(name) ||
      workspace.requiredPeers.has(name) ||
      (typesOf !== undefined && (imported.has(typesOf) || workspace.typesPackages.has(typesOf) || (typesOf === 'node' && importsBuiltins)));
    if (!used) report(`unused ${name}`, `"${name}" is declared but never imported, run or required: remove it`);
  }
  return [...problems.values()];
}
