import { cpuMillis, parseStatCpuTicks, parseVmRss, residentBytes } from './proc.status';

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

  it('reads utime + stime from a stat line whose command name holds spaces and parentheses', () => {
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194304 5000 0 0 0 250 37 0 0 20 0 11 0 123 456 789';
    expect(parseStatCpuTicks(stat)).toBe(287);
    expect(parseStatCpuTicks('4242 (node) S 1')).toBeUndefined();
  });

  it('measures the CPU time of a live process on Linux', async () => {
    const own = await cpuMillis(process.pid);
    if (process.platform === 'linux') expect(own).toBeGreaterThan(0);
    else expect(own).toBeUndefined();
    expect(await cpuMillis(2 ** 31 - 1)).toBeUndefined();
  });
});
