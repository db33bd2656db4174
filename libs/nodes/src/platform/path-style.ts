import { posix, win32, type PlatformPath } from 'node:path';
import type { PlatformOs } from './invocation';

/**
 * How one operating system spells and compares paths, as pure functions: the host path guard
 * runs Windows rules in unit specs on Linux through the Windows style.
 *
 * Windows gives one file many names; `canonical` folds those that a path string alone reveals:
 * - both separators, `.` and `..`;
 * - the `\\?\` and `\\.\` prefixes (`\\?\C:\x` is `C:\x`, `\\?\UNC\srv\share` is `\\srv\share`;
 *   any other name after them is a device, kept as `\\.\name`);
 * - a stream suffix on any name (`policy.json::$DATA` and `dir:$I30:$INDEX_ALLOCATION` open the
 *   file or directory itself);
 * - trailing dots and spaces of a name, which Win32 drops (`policy.json.` is `policy.json`);
 * - letter case, in comparisons (NTFS as Windows mounts it; APFS as macOS formats it).
 * Names only the file system knows (8.3 short names such as `PROGRA~3`, hard links, junctions,
 * symbolic links) are the caller's to resolve with realpath.
 */
export interface PathStyle {
  readonly os: PlatformOs;
  /** `path` made absolute (against `cwd` when relative) and folded as above. */
  canonical(path: string, cwd?: string): string;
  /** Whether `inner` is `outer` or lies below it; both canonical. */
  isWithin(inner: string, outer: string): boolean;
  /** Whether an allowed root written in a policy file is a path of this OS (see LocalPolicySchema). */
  ownsRoot(root: string): boolean;
  readonly dirname: (path: string) => string;
  readonly basename: (path: string) => string;
  readonly join: (...paths: string[]) => string;
}

const WINDOWS_NAMESPACE_PREFIX = /^[\\/]{2}[?.][\\/]/;
const WINDOWS_UNC_NAMESPACE_PREFIX = /^[\\/]{2}[?.][\\/]UNC[\\/]/i;
const WINDOWS_ROOT = /^(?:[A-Za-z]:[\\/]|[\\/]{2}[^\\/])/;

/** A name as Win32 opens it: no stream suffix, no trailing dots or spaces (`..` stays `..`). */
function windowsName(name: string): string {
  const withoutStream = name.includes(':') ? name.slice(0, name.indexOf(':')) : name;
  const trimmed = withoutStream.replace(/[. ]+$/, '');
  if (trimmed !== '') return trimmed;
  // Only dots and spaces: `.`, `..`, and `...` (read as the directory itself).
  const dots = withoutStream.replace(/ +$/, '');
  return dots === '..' ? '..' : '.';
}

function windowsCanonical(path: string, cwd?: string): string {
  const unprefixed = WINDOWS_UNC_NAMESPACE_PREFIX.test(path)
    ? `\\\\${path.replace(WINDOWS_UNC_NAMESPACE_PREFIX, '')}`
    : path.replace(WINDOWS_NAMESPACE_PREFIX, '');
  // A device (`\\.\PhysicalDrive0`, `\\?\GLOBALROOT\...`) is no path under any root: it stays
  // a device path, which no allowed root holds (realpath names the file behind a volume path).
  if (unprefixed !== path && !WINDOWS_ROOT.test(unprefixed)) return `\\\\.\\${unprefixed.replace(/\//g, '\\')}`;
  const absolute = cwd === undefined ? win32.resolve(unprefixed) : win32.resolve(cwd, unprefixed);
  const { root } = win32.parse(absolute);
  const names = absolute.slice(root.length).split('\\').filter((name) => name !== '');
  return win32.resolve(root, ...names.map(windowsName));
}

function createStyle(os: PlatformOs, flavour: PlatformPath, caseInsensitive: boolean, canonical: PathStyle['canonical'], ownsRoot: PathStyle['ownsRoot']): PathStyle {
  const key = (path: string) => (caseInsensitive ? path.toLowerCase() : path);
  return {
    os,
    canonical,
    isWithin(inner, outer) {
      const innerKey = key(inner);
      const outerKey = key(outer);
      if (innerKey === outerKey) return true;
      return innerKey.startsWith(outerKey.endsWith(flavour.sep) ? outerKey : outerKey + flavour.sep);
    },
    ownsRoot,
    dirname: (path) => flavour.dirname(path),
    basename: (path) => flavour.basename(path),
    join: (...paths) => flavour.join(...paths),
  };
}

const WINDOWS_STYLE = createStyle('windows', win32, true, windowsCanonical, (root) => WINDOWS_ROOT.test(root));

const posixCanonical = (path: string, cwd?: string) => (cwd === undefined ? posix.resolve(path) : posix.resolve(cwd, path));
/** `/srv/in`; not `\\server\share`, which a POSIX path would read as a relative name. */
const posixOwnsRoot = (root: string) => root.startsWith('/');
const LINUX_STYLE = createStyle('linux', posix, false, posixCanonical, posixOwnsRoot);
const DARWIN_STYLE = createStyle('darwin', posix, true, posixCanonical, posixOwnsRoot);

export function pathStyleOf(os: PlatformOs): PathStyle {
  if (os === 'windows') return WINDOWS_STYLE;
  return os === 'darwin' ? DARWIN_STYLE : LINUX_STYLE;
}
