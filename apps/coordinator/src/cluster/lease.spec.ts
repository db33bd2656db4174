import { Lease, type LeaseStore } from './lease';

/** A store that behaves like the Redis one: one holder at a time, expiring after its TTL, fencing tokens counted up. */
class MemoryLeaseStore implements LeaseStore {
  holder: string | undefined;
  expiresAtMs = 0;
  fence = 0;
  failing = false;

  constructor(private readonly clock: { now: number }) {}

  async acquire(_name: string, holder: string, ttlMs: number): Promise<number | null> {
    if (this.failing) throw new Error('store unreachable');
    if (this.holder !== undefined && this.clock.now < this.expiresAtMs && this.holder !== holder) return null;
    if (this.holder !== holder || this.clock.now >= this.expiresAtMs) {
      this.fence += 1;
      this.holder = holder;
    }
    this.expiresAtMs = this.clock.now + ttlMs;
    return this.fence;
  }

  async release(_name: string, holder: string): Promise<void> {
    if (this.holder === holder) this.holder = undefined;
  }
}

const TTL_MS = 1_000;

describe('Lease', () => {
  const setup = () => {
    const clock = { now: 0 };
    const store = new MemoryLeaseStore(clock);
    const events: string[] = [];
    const make = (holder: string) =>
      new Lease('reconciler', holder, TTL_MS, store, { acquired: (_name, fence) => events.push(`${holder} acquired ${fence}`), lost: (_name, reason) => events.push(`${holder} lost: ${reason}`) }, () => clock.now);
    return { clock, store, events, a: make('a'), b: make('b') };
  };

  it('is held by one replica at a time, and passes are admitted and counted only there', async () => {
    // ARRANGE
    const { a, b, events } = setup();
    // ACT
    await a.renew();
    await b.renew();
    // ASSERT
    expect([a.held, b.held]).toEqual([true, false]);
    expect([a.admitsPass(), a.admitsPass(), b.admitsPass()]).toEqual([true, true, false]);
    expect([a.passes, b.passes]).toEqual([2, 0]);
    expect(events).toEqual(['a acquired 1']);
  });

  it('moves to another replica once its holder stops renewing, with a higher fencing token', async () => {
    // ARRANGE: a holds it, then dies (renews no more)
    const { a, b, clock, events } = setup();
    await a.renew();
    // ACT
    clock.now = TTL_MS - 1;
    await b.renew();
    const beforeExpiry = b.held;
    clock.now = TTL_MS;
    await b.renew();
    // ASSERT: a counts itself out at the same instant b may take it
    expect(beforeExpiry).toBe(false);
    expect([a.held, b.held]).toEqual([false, true]);
    expect(b.fence).toBe(2);
    expect(events).toEqual(['a acquired 1', 'b acquired 2']);
  });

  it('stops counting itself the holder a TTL after its last renewal was sent, when the store cannot be reached', async () => {
    // ARRANGE
    const { a, store, clock, events } = setup();
    await a.renew();
    store.failing = true;
    // ACT
    clock.now = TTL_MS / 3;
    await a.renew();
    const stillHeld = a.held;
    clock.now = TTL_MS;
    await a.renew();
    // ASSERT
    expect(stillHeld).toBe(true);
    expect(a.held).toBe(false);
    expect(a.admitsPass()).toBe(false);
    expect(events).toEqual(['a acquired 1', 'a lost: could not renew: store unreachable']);
  });

  it('hands over at once when released', async () => {
    const { a, b } = setup();
    await a.renew();
    await a.release();
    await b.renew();
    expect([a.held, b.held]).toEqual([false, true]);
  });
});
