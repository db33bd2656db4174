import { CancelledError } from '../errors/cancelled.error';
import { TimeoutError } from '../errors/timeout.error';
import { createTaskSignal, runUntilAborted } from './task-deadline';

const SHORT_MS = 20;
const LONG_MS = 60_000;

describe('createTaskSignal', () => {
  it('aborts with a TimeoutError after the timeout', async () => {
    const external = new AbortController();
    const task = createTaskSignal(external.signal, SHORT_MS);

    await new Promise((resolve) => task.signal.addEventListener('abort', resolve));

    expect(task.signal.reason).toBeInstanceOf(TimeoutError);
    expect((task.signal.reason as TimeoutError).timeoutMs).toBe(SHORT_MS);
    task.dispose();
  });

  it('aborts with a CancelledError when the external signal fires, keeping its reason as cause', () => {
    const external = new AbortController();
    const task = createTaskSignal(external.signal, LONG_MS);

    external.abort(new Error('run cancelled by alice'));

    expect(task.signal.reason).toBeInstanceOf(CancelledError);
    expect((task.signal.reason as CancelledError).message).toBe('the node was cancelled: run cancelled by alice');
    expect((task.signal.reason as CancelledError).cause).toBe(external.signal.reason);
    task.dispose();
  });

  it('is already aborted when the external signal was', () => {
    const task = createTaskSignal(AbortSignal.abort(), LONG_MS);

    expect(task.signal.reason).toBeInstanceOf(CancelledError);
    task.dispose();
  });

  it('stops listening once disposed', () => {
    const external = new AbortController();
    const task = createTaskSignal(external.signal, LONG_MS);

    task.dispose();
    external.abort();

    expect(task.signal.aborted).toBe(false);
  });
});

describe('runUntilAborted', () => {
  it('resolves with the work when nothing aborts', async () => {
    await expect(runUntilAborted(async () => 42, new AbortController().signal, LONG_MS)).resolves.toBe(42);
  });

  it('rejects with the signal reason, not the error the aborted work throws', async () => {
    const controller = new AbortController();
    const work = (signal: AbortSignal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('exit code 143'))));
    const reason = new TimeoutError(5);

    const running = runUntilAborted(work, controller.signal, LONG_MS);
    controller.abort(reason);

    await expect(running).rejects.toBe(reason);
  });

  it('gives up on work that ignores the signal after the settle time', async () => {
    const controller = new AbortController();
    const reason = new CancelledError();
    const started = Date.now();

    const running = runUntilAborted(() => new Promise(() => undefined), controller.signal, SHORT_MS);
    controller.abort(reason);

    await expect(running).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(LONG_MS);
  });

  it('does not start work when the signal is already aborted', async () => {
    const work = jest.fn(async () => 1);

    await expect(runUntilAborted(work, AbortSignal.abort(new CancelledError()), SHORT_MS)).rejects.toBeInstanceOf(CancelledError);
    expect(work).not.toHaveBeenCalled();
  });

  it('passes on the error of work that fails by itself', async () => {
    const failure = new Error('boom');

    await expect(runUntilAborted(async () => Promise.reject(failure), new AbortController().signal, SHORT_MS)).rejects.toBe(failure);
  });
});
