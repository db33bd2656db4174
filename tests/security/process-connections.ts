import { readFile, readdir, readlink } from 'node:fs/promises';

/** An open TCP connection of a process, as the kernel lists it (Linux /proc). */
export interface TcpConnection {
  readonly remotePort: number;
  /** `0A` is a listening socket; `01` an established connection. */
  readonly state: string;
}

/** `/proc/net/tcp` state of an established connection. */
const ESTABLISHED = '01';

/**
 * The TCP connections a process holds, read from /proc: the socket inodes among its file
 * descriptors, matched in the kernel's tables of IPv4 and IPv6 sockets. Linux only, as the
 * tests that use it.
 */
export async function tcpConnectionsOf(pid: number): Promise<TcpConnection[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  const connections: TcpConnection[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      if (fields.length < 10 || !inodes.has(fields[9]!)) continue;
      const remotePort = Number.parseInt(fields[2]!.split(':')[1]!, 16);
      connections.push({ remotePort, state: fields[3]! });
    }
  }
  return connections;
}

/** The remote ports of the process's established TCP connections. */
export async function connectedPortsOf(pid: number): Promise<number[]> {
  return (await tcpConnectionsOf(pid)).filter((connection) => connection.state === ESTABLISHED).map((connection) => connection.remotePort);
}
