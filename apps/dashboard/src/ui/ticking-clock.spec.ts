import { createTickingClock, type ClockTimer } from './ticking-clock';

function fakeTimer() {
  let time = 1_000;
  const running = new Map<number, () => void>();
  let next = 1;
  const timer: ClockTimer = {
    start: (tick) => {
      running.set(next, tick);
      return next++;
    },
    stop: (handle) => running.delete(handle as number),
    now: () => time,
  };
  return {
    timer,
    running,
    advance(ms: number) {
      time += ms;
      for (const tick of [...running.values()]) tick();
    },
    setTime(ms: number) {
      time = ms;
    },
  };
}

describe('ticking clock', () => {
  it('runs its timer only while someone listens', () => {
    const fake = fakeTimer();
    const clock = createTickingClock(1_000, fake.timer);
    expect(fake.running.size).toBe(0);

    const first = clock.subscribe(() => undefined);
    const second = clock.subscribe(() => undefined);
    expect(fake.running.size).toBe(1);

    first();
    expect(fake.running.size).toBe(1);
    second();
    expect(fake.running.size).toBe(0);
  });

  it('keeps the time of the last tick between ticks and tells every listener on a tick', () => {
    const fake = fakeTimer();
    const clock = createTickingClock(1_000, fake.timer);
    const heard: number[] = [];
    clock.subscribe(() => heard.push(clock.now()));

    fake.setTime(1_400);
    expect(clock.now()).toBe(1_000);
    fake.advance(600);

    expect(heard).toEqual([2_000]);
    expect(clock.now()).toBe(2_000);
  });

  it('reads the time afresh for the first listener after a quiet spell', () => {
    const fake = fakeTimer();
    const clock = createTickingClock(1_000, fake.timer);
    clock.subscribe(() => undefined)();

    fake.setTime(90_000);
    clock.subscribe(() => undefined);

    expect(clock.now()).toBe(90_000);
  });
});
