import { normalizeEndpoint, parseClientList, parseProcNetTcp } from './redis-connections';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 6520 1 00000000a87327d6 100 0 0 10 0
   1: 0100007F:D431 0100007F:18EB 01 00000000:00000000 00:00000000 00000000  1000        0 534592 1 00000000bced3dd4 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:A001 00000000000000000000000001000000:18EB 01 00000000:00000000 00:00000000 00000000  1000        0 777 1 0000000000000000 20 4 30 10 -1
   1: 0000000000000000FFFF00000100007F:A002 0000000000000000FFFF00000100007F:18EB 01 00000000:00000000 00:00000000 00000000  1000        0 778 1 0000000000000000 20 4 30 10 -1
`;

describe('redis connections of a process', () => {
  it('reads local ends, states and inodes from /proc/net/tcp (little-endian words, hex ports)', () => {
    expect(parseProcNetTcp(TCP, 'LE')).toEqual([
      { local: '127.0.0.1:6379', state: '0A', inode: '6520' },
      { local: '127.0.0.1:54321', state: '01', inode: '534592' },
    ]);
  });

  it('reads IPv6 ends, an IPv4-mapped one as plain IPv4', () => {
    expect(parseProcNetTcp(TCP6, 'LE')).toEqual([
      { local: '[::1]:40961', state: '01', inode: '777' },
      { local: '127.0.0.1:40962', state: '01', inode: '778' },
    ]);
  });

  it('spells an endpoint one way, as Redis and /proc would', () => {
    expect(normalizeEndpoint('127.0.0.1:6379')).toBe('127.0.0.1:6379');
    expect(normalizeEndpoint('[0:0:0:0:0:0:0:1]:5000')).toBe('[::1]:5000');
    expect(normalizeEndpoint('[::ffff:127.0.0.1]:5000')).toBe('127.0.0.1:5000');
  });

  it('parses CLIENT LIST into one record per client', () => {
    const clients = parseClientList(
      'id=3 addr=127.0.0.1:54321 laddr=127.0.0.1:6379 fd=8 name= age=5 cmd=evalsha\nid=4 addr=[::1]:40961 laddr=[::1]:6379 fd=9 name=x cmd=client|list\n',
    );
    expect(clients.map((client) => [client.id, client.addr, client.name])).toEqual([
      ['3', '127.0.0.1:54321', ''],
      ['4', '[::1]:40961', 'x'],
    ]);
  });
});
