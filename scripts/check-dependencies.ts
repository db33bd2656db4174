/**
 * `node bin/run-ts.js scripts/check-dependencies.ts`: every workspace (and the repository root,
 * for bin/, scripts/ and tests/) declares exactly the packages it imports
 * (dependencies/dependency.rules.ts). Prints one line per problem and exits 1 if there is any.
 * Part of the root `lint` target, so `npm test` runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { scanImports, packageOf } from './dependencies/import.scan';
import { dependencyProblems, type FileImport, type WorkspaceFacts } from './dependencies/dependency.rules';

const ROOT = path.resolve(__dirname, '..');
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx)$/;
/** Files only development runs: specs, tests, scripts, test helpers, tool configuration. */
const DEV_FILE = /(?:^|\/)(?:tests|scripts|testing)\/|\.(?:spec|test)\.[cm]?[jt]sx?$|(?:^|\/)[^/]+\.config\.[cm]?[jt]s$/;
/** Separates the words of a script or nx command, to find the command lines it runs. */
const COMMAND_WORD_SEPARATOR = /[\s;&|()'"]+/;

interface PackageJson {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);

function main(): number {
  const rootPackage = readJson<PackageJson>(path.join(ROOT, 'package.json'));
  const workspaceDirs = (rootPackage.workspaces ?? []).map((dir) => dir.replace(/\/+$/, ''));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => SOURCE_FILE.test(file) && existsSync(path.join(ROOT, file)));
  const owner = (file: string) => workspaceDirs.filter((dir) => file.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length)[0] ?? '';

  const problems: string[] = [];
  for (const dir of ['', ...workspaceDirs]) {
    const own = files.filter((file) => owner(file) === dir);
    problems.push(...dependencyProblems(workspaceFacts(dir, own, workspaceDirs), isBuiltin));
  }
  for (const problem of problems) process.stdout.write(`${problem}\n`);
  if (problems.length > 0) {
    process.stdout.write(`\n${problems.length} dependency problem(s): every workspace's package.json declares exactly what its files import.\n`);
    return 1;
  }
  process.stdout.write(`dependencies: ${workspaceDirs.length + 1} package.json files declare exactly what their files import\n`);
  return 0;
}

function workspaceFacts(dir: string, files: readonly string[], workspaceDirs: readonly string[]): WorkspaceFacts {
  const manifest = readJson<PackageJson>(path.join(ROOT, dir, 'package.json'));
  const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
  const devDependencies = new Set(Object.keys(manifest.devDependencies ?? {}));
  const declared = [...dependencies, ...devDependencies];
  const imports: FileImport[] = files.flatMap((file) =>
    scanImports(file, readFileSync(path.join(ROOT, file), 'utf8')).map((site) => {
      const packageName = packageOf(site.specifier);
      const landsIn = packageName === undefined ? workspaceOf(path.posix.join(path.posix.dirname(file), site.specifier), workspaceDirs) : undefined;
      return {
        file,
        line: site.line,
        specifier: site.specifier,
        packageName,
        typeOnly: site.typeOnly,
        devFile: DEV_FILE.test(file.slice(dir === '' ? 0 : dir.length + 1)),
        ...(landsIn !== undefined && landsIn !== '' && landsIn !== dir ? { landsInWorkspace: landsIn } : {}),
      };
    }),
  );
  const commandWords = new Set(commands(dir).flatMap((command) => command.split(COMMAND_WORD_SEPARATOR)));
  const installed = (name: string) => installedPackage(dir, name);
  return {
    dir,
    name: manifest.name ?? '',
    dependencies,
    devDependencies,
    imports,
    commandPackages: new Set(declared.filter((name) => binNames(name, installed(name)).some((bin) => commandWords.has(bin)))),
    typesPackages: new Set(tsconfigTypes(dir).map((type) => packageOf(type) ?? type)),
    requiredPeers: new Set(declared.flatMap((name) => requiredPeersOf(installed(name)))),
  };
}

/** The workspace folder a repository-relative path is in ('' for the root's own files). */
function workspaceOf(file: string, workspaceDirs: readonly string[]): string {
  return workspaceDirs.filter((dir) => file === dir || file.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length)[0] ?? '';
}

/** Its package.json scripts and the commands of its nx targets (project.json). */
function commands(dir: string): string[] {
  const scripts = Object.values(readJson<PackageJson>(path.join(ROOT, dir, 'package.json')).scripts ?? {});
  const projectFile = path.join(ROOT, dir, 'project.json');
  if (!existsSync(projectFile)) return scripts;
  const targets = Object.values(readJson<{ targets?: Record<string, { command?: string; options?: { command?: string; commands?: string[] } }> }>(projectFile).targets ?? {});
  return [...scripts, ...targets.flatMap((target) => [target.command, target.options?.command, ...(target.options?.commands ?? [])].filter((command): command is string => command !== undefined))];
}

/** The `types` of every tsconfig*.json in the workspace folder (and of the base config for the root). */
function tsconfigTypes(dir: string): string[] {
  const names = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', dir === '' ? '.' : dir], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => path.posix.dirname(file) === (dir === '' ? '.' : dir) && /^tsconfig.*\.json$/.test(path.posix.basename(file)));
  return names.flatMap((file) => readJson<{ compilerOptions?: { types?: string[] } }>(path.join(ROOT, file)).compilerOptions?.types ?? []);
}

/** The installed package.json of a package as the workspace resolves it (its own node_modules first). */
function installedPackage(dir: string, name: string): PackageJson | undefined {
  for (const base of [path.join(ROOT, dir), ROOT]) {
    const file = path.join(base, 'node_modules', name, 'package.json');
    if (existsSync(file)) return readJson<PackageJson>(file);
  }
  return undefined;
}

function binNames(name: string, manifest: PackageJson | undefined): string[] {
  if (!manifest?.bin) return [];
  return typeof manifest.bin === 'string' ? [name.split('/').pop() ?? name] : Object.keys(manifest.bin);
}

function requiredPeersOf(manifest: PackageJson | undefined): string[] {
  const optional = manifest?.peerDependenciesMeta ?? {};
  return Object.keys(manifest?.peerDependencies ?? {}).filter((peer) => !optional[peer]?.optional);
}

process.exitCode = main();
