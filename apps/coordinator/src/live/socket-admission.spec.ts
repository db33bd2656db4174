import { admissionRefusal } from './socket-admission';

describe('admissionRefusal', () => {
  const limits = { pendingPerAddressMax: 2, perAddressMax: 3 };

  it('admits below both caps, and names the cap that is reached', () => {
    expect(admissionRefusal(undefined, limits, '10.0.0.1')).toBeUndefined();
    expect(admissionRefusal({ total: 2, pending: 1 }, limits, '10.0.0.1')).toBeUndefined();
    expect(admissionRefusal({ total: 2, pending: 2 }, limits, '10.0.0.1')).toBe('too many unauthenticated connections from 10.0.0.1 (RH_SOCKET_PENDING_PER_ADDRESS_MAX: 2)');
    expect(admissionRefusal({ total: 3, pending: 0 }, limits, '10.0.0.1')).toBe('too many connections from 10.0.0.1 (RH_SOCKETS_PER_ADDRESS_MAX: 3)');
  });
});
