import { readdir, readFile, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { Redis } from 'ioredis';

/**
 * How many connections one process of this machine holds to the bench's Redis, as Redis
 * itself lists them (`CLIENT LIST`). A client in that list is known by its address, the
 * process's end of the TCP connection; the process's own ends come from Linux: its open
 * sockets (`/proc/<pid>/fd`, `socket:[inode]`) looked up in its network namespace's tables
 * (`/proc/<pid>/net/tcp`, `tcp6`). Exact whatever else uses the same Redis (other benches,
 * other tests), and without naming or changing a connection of the process measured.
 */
export async function redisConnectionsOf(pid: number, redis: Redis): Promise<number | undefined> {
  const ends = await localTcpEnds(pid);
  if (!ends) return undefined;
  const clients = parseClientList(String(await redis.call('CLIENT', 'LIST')));
  return clients.filter((client) => client.addr !== undefined && ends.has(normalizeEndpoint(client.addr))).length;
}

/** The local `host:port` of every established TCP connection `pid` holds; undefined off Linux or for a process that is gone. */
async function localTcpEnds(pid: number): Promise<Set<string> | undefined> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  const inodes = new Set<string>();
  await Promise.all(
    fds.map(async (fd) => {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }),
  );
  const tables = await Promise.all(['tcp', 'tcp6'].map((table) => readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '')));
  const ends = new Set<string>();
  for (const connection of tables.flatMap((table) => parseProcNetTcp(table, endianness()))) {
    if (connection.state === TCP_ESTABLISHED && inodes.has(connection.inode)) ends.add(connection.local);
  }
  return ends;
}

/** `st` of an established connection in /proc/net/tcp. */
const TCP_ESTABLISHED = '01';

export interface ProcTcpConnection {
  /** `a.b.c.d:port` or `[v6]:port`, normalized as normalizeEndpoint does. */
  readonly local: string;
  readonly state: string;
  readonly inode: string;
}

/**
 * The rows of `/proc/<pid>/net/tcp` or `tcp6`: `sl local_address rem_address st ... uid
 * timeout inode`, addresses as hex words in the host's byte order and ports in hex.
 */
export function parseProcNetTcp(table: string, byteOrder: 'LE' | 'BE'): ProcTcpConnection[] {
  const rows: ProcTcpConnection[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, state, inode] = [fields[1], fields[3], fields[9]];
    if (!local || !state || !inode) continue;
    const [hexAddress = '', hexPort = ''] = local.split(':');
    const host = hexHost(hexAddress, byteOrder);
    if (host === undefined) continue;
    rows.push({ local: normalizeEndpoint(`${host.includes(':') ? `[${host}]` : host}:${parseInt(hexPort, 16)}`), state, inode });
  }
  return rows;
}

/** 8 hex digits: IPv4; 32: IPv6 as four 32-bit words, each in the host's byte order. */
function hexHost(hex: string, byteOrder: 'LE' | 'BE'): string | undefined {
  if (hex.length !== 8 && hex.length !== 32) return undefined;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes = (hex.slice(word, word + 8).match(/../g) ?? []).map((pair) => parseInt(pair, 16));
    bytes.push(...(byteOrder === 'LE' ? wordBytes.reverse() : wordBytes));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, index) => (((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/**
 * One spelling per endpoint: IPv6 in its shortest form (`[::1]:6379`), and an IPv4 address
 * mapped into IPv6 (`[::ffff:127.0.0.1]:5000`, as a dual-stack socket shows it) as plain IPv4.
 */
export function normalizeEndpoint(endpoint: string): string {
  const colon = endpoint.lastIndexOf(':');
  const port = endpoint.slice(colon + 1);
  let host = endpoint.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  if (!host.includes(':')) return `${host}:${port}`;
  host = new URL(`http://[${host}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped?.[2] !== undefined) {
    const [high, low] = [parseInt(mapped[1] ?? '0', 16), parseInt(mapped[2], 16)];
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}:${port}`;
  }
  if (mapped?.[1] !== undefined) return `${mapped[1]}:${port}`;
  return `[${host}]:${port}`;
}

/** `CLIENT LIST`: one client a line, `key=value` fields separated by spaces. */
export function parseClientList(text: string): Array<Record<string, string>> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => Object.fromEntries(line.split(' ').map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)])));
}
