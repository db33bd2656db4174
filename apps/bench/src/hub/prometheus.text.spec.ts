import { unlabelledSamples } from './prometheus.text';

describe('unlabelledSamples', () => {
  it('reads name-value lines and skips comments, labelled samples and junk', () => {
    const text = [
      '# HELP rh_process_cpu_user_seconds_total Total user CPU time spent in seconds.',
      '# TYPE rh_process_cpu_user_seconds_total counter',
      'rh_process_cpu_user_seconds_total 12.5',
      'rh_process_resident_memory_bytes 104857600 1700000000000',
      'rh_runs_total{status="succeeded"} 3',
      'not a sample',
      'rh_nodejs_heap_size_used_bytes NaN',
    ].join('\n');
    expect([...unlabelledSamples(text)]).toEqual([
      ['rh_process_cpu_user_seconds_total', 12.5],
      ['rh_process_resident_memory_bytes', 104_857_600],
    ]);
  });
});
