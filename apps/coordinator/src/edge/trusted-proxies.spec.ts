import { clientAddress, normalizeAddress, parseTrustedProxies, trustedProxyMatcher } from './trusted-proxies';

describe('trusted proxies', () => {
  it('parse addresses and CIDR ranges, and name every bad entry', () => {
    const { entries, problems } = parseTrustedProxies(' 10.0.0.5, 192.168.0.0/16,fd00::/8, ,nonsense, 10.0.0.0/33, 1.2.3.4/8/1');
    expect(entries).toEqual([
      { address: '10.0.0.5', family: 'ipv4', prefix: undefined },
      { address: '192.168.0.0', family: 'ipv4', prefix: 16 },
      { address: 'fd00::', family: 'ipv6', prefix: 8 },
    ]);
    expect(problems).toEqual([expect.stringMatching(/^"nonsense" is not an IP address/), expect.stringMatching(/prefix length must be 0 to 32/), expect.stringMatching(/^"1.2.3.4\/8\/1" is not/)]);
  });

  it('match peers, IPv4 on a dual-stack socket included', () => {
    const trusted = trustedProxyMatcher(parseTrustedProxies('10.0.0.0/8, ::1').entries);
    expect(trusted('10.1.2.3')).toBe(true);
    expect(trusted('::ffff:10.1.2.3')).toBe(true);
    expect(trusted('::1')).toBe(true);
    expect(trusted('11.0.0.1')).toBe(false);
    expect(trusted('not an address')).toBe(false);
    expect(trustedProxyMatcher([])('10.0.0.1')).toBe(false);
    expect(normalizeAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('read X-Forwarded-For from the right, only through trusted proxies', () => {
    const trusted = trustedProxyMatcher(parseTrustedProxies('10.0.0.0/8').entries);
    // the peer is not a proxy: its header is a claim, not a fact
    expect(clientAddress('203.0.113.5', '198.51.100.1', trusted)).toBe('203.0.113.5');
    // one proxy: the client is the last address it added
    expect(clientAddress('10.0.0.2', '198.51.100.1', trusted)).toBe('198.51.100.1');
    // two proxies, and a forged entry to the left of what they added
    expect(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.1, 10.0.0.3', trusted)).toBe('198.51.100.1');
    // only proxies: the leftmost
    expect(clientAddress('10.0.0.2', '10.0.0.9', trusted)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.2', undefined, trusted)).toBe('10.0.0.2');
    expect(clientAddress(undefined, undefined, trusted)).toBe('');
  });
});
