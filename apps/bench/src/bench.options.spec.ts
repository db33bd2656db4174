import { BenchOptionsError } from './bench-options.error';
import { FULL_SIZES, MAX_BENCH_REPLICAS, QUICK_SIZES, SCENARIO_NAMES, resolveBenchOptions } from './bench.options';

describe('bench options', () => {
  it('runs every scenario at the full sizes by default', () => {
    const options = resolveBenchOptions({});
    expect(options.scenarios).toEqual([...SCENARIO_NAMES]);
    expect(options.sizes).toEqual(FULL_SIZES);
    expect(options.sizes).toMatchObject({ repeat: 5, chainLength: 40, throughputRuns: 2_000, fanoutWidth: 1_000, agents: 500, soakRuns: 10_000 });
  });

  it('shrinks every size with --quick, and lets --repeat and --runs override', () => {
    expect(resolveBenchOptions({ quick: true }).sizes).toEqual(QUICK_SIZES);
    const options = resolveBenchOptions({ quick: true, repeat: '3', runs: '2' });
    expect(options.sizes.repeat).toBe(3);
    expect(options.sizes.throughputRuns).toBe(2);
    expect(options.sizes.throughputWarmUpRuns).toBe(2);
  });

  it('overrides any size by name with --size, after --runs', () => {
    const options = resolveBenchOptions({ runs: '300', size: 'soakRuns=2000, agents=200,throughputWarmUpRuns=50' });
    expect(options.sizes).toMatchObject({ soakRuns: 2_000, agents: 200, throughputRuns: 300, throughputWarmUpRuns: 50, chainLength: 40 });
  });

  it('refuses unknown sizes and values that are not whole numbers of at least 1', () => {
    expect(() => resolveBenchOptions({ size: 'nodes=5' })).toThrow(/--size nodes=5: expected name=N/);
    expect(() => resolveBenchOptions({ size: 'soakRuns=0' })).toThrow(/--size soakRuns 0: expected a whole number/);
    expect(() => resolveBenchOptions({ size: 'soakRuns' })).toThrow(/--size soakRuns: expected name=N/);
  });

  it('starts one coordinator unless --replicas asks for more, up to MAX_BENCH_REPLICAS', () => {
    expect(resolveBenchOptions({}).replicas).toBe(1);
    expect(resolveBenchOptions({ replicas: '2' }).replicas).toBe(2);
    expect(() => resolveBenchOptions({ replicas: String(MAX_BENCH_REPLICAS + 1) })).toThrow(`--replicas ${MAX_BENCH_REPLICAS + 1}: at most ${MAX_BENCH_REPLICAS}`);
    expect(() => resolveBenchOptions({ replicas: '0' })).toThrow('--replicas 0: expected a whole number of at least 1');
  });

  it('keeps --only in the order the scenarios run', () => {
    expect(resolveBenchOptions({ only: 'chain40, floor' }).scenarios).toEqual(['floor', 'chain40']);
  });

  it('reports every bad flag at once', () => {
    let caught: unknown;
    try {
      resolveBenchOptions({ repeat: '0', runs: 'many', only: 'floor,nope' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BenchOptionsError);
    expect((caught as BenchOptionsError).problems).toEqual([
      '--repeat 0: expected a whole number of at least 1',
      '--runs many: expected a whole number of at least 1',
      expect.stringContaining('--only: unknown scenario nope'),
    ]);
  });
});
