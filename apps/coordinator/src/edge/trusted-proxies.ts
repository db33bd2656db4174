import { BlockList, isIP } from 'node:net';

/**
 * Which peers are trusted reverse proxies (RH_TRUSTED_PROXIES: addresses and CIDR ranges,
 * comma-separated, e.g. `10.0.0.5, 192.168.0.0/16, fd00::/8`). Only a request arriving from one
 * of them has its `X-Forwarded-For` (source address of rate limits and connection caps) and
 * `X-Forwarded-Proto` (whether the session cookie is `Secure`) believed.
 */

export interface ProxyEntry {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';
  /** Undefined: exactly this address. */
  readonly prefix: number | undefined;
}

/** One entry of RH_TRUSTED_PROXIES, or what is wrong with it. */
export function parseProxyEntry(text: string): ProxyEntry | string {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return `"${text}" is not an IP address or a CIDR range (a.b.c.d, a.b.c.d/n, v6 or v6/n)`;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family, prefix: undefined };
  const prefix = Number(prefixText);
  const maxPrefix = version === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefixText) || prefix > maxPrefix) return `"${text}": the prefix length must be 0 to ${maxPrefix}`;
  return { address, family, prefix };
}

/** Every entry of a comma-separated list, with the problems of the bad ones. */
export function parseTrustedProxies(list: string | undefined): { entries: ProxyEntry[]; problems: string[] } {
  const entries: ProxyEntry[] = [];
  const problems: string[] = [];
  for (const part of (list ?? '').split(',')) {
    if (part.trim() === '') continue;
    const entry = parseProxyEntry(part.trim());
    if (typeof entry === 'string') problems.push(entry);
    else entries.push(entry);
  }
  return { entries, problems };
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** A predicate saying whether an address is one of the trusted proxies. */
export function trustedProxyMatcher(entries: readonly ProxyEntry[]): (address: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    if (entry.prefix === undefined) list.addAddress(entry.address, entry.family);
    else list.addSubnet(entry.address, entry.prefix, entry.family);
  }
  return (address) => {
    const normalized = normalizeAddress(address);
    const version = isIP(normalized);
    if (version === 0) return false;
    return list.check(normalized, version === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * The address a request came from: the peer, unless the peer is a trusted proxy, in which case
 * `X-Forwarded-For` is read from the right, skipping trusted proxies, and the first address
 * that is not one is the client (the same walk as Express's `req.ip` with `trust proxy`).
 * A forwarded chain made only of trusted proxies gives its leftmost address.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: (address: string) => boolean): string {
  const chain = [normalizeAddress(peer ?? '')];
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const forwarded = header
    .split(',')
    .map((part) => normalizeAddress(part))
    .filter((part) => part !== '')
    .reverse();
  chain.push(...forwarded);
  for (let index = 0; index < chain.length - 1; index += 1) {
    if (!trusted(chain[index]!)) return chain[index]!;
  }
  return chain[chain.length - 1]!;
}
