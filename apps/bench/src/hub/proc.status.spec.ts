import { parseVmRss, residentBytes } from './proc.status';

describe('proc status', () => {
  it('reads VmRSS in bytes', () => {
    expect(parseVmRss('Name:\tnode\nVmHWM:\t  99999 kB\nVmRSS:\t  12345 kB\nThreads:\t7\n')).toBe(12_345 * 1_024);
    expect(parseVmRss('Name:\tnode\n')).toBeUndefined();
  });

  it('measures a live process on Linux, and answers undefined where /proc has nothing', async () => {
    const own = await residentBytes(process.pid);
    if (process.platform === 'linux') expect(own).toBeGreaterThan(0);
    else expect(own).toBeUndefined();
    // Larger than any pid_max: never a process.
    expect(await residentBytes(2 ** 31 - 1)).toBeUndefined();
  });
});
