import pino from 'pino';
import { MetricsService, QUEUE_DEPTH_COLLECT_TIMEOUT_MS } from './metrics.service';

const silent = pino({ level: 'silent' });

describe('MetricsService', () => {
  it('exposes the run, node and queue metrics and the process defaults', async () => {
    // ARRANGE
    const metrics = new MetricsService(silent);
    metrics.recordRunStatus('succeeded');
    metrics.runsActive.set(2);
    metrics.recordNodeDuration('shell', 1_500);
    metrics.registerQueueDepthCollector(async () => [{ queue: 'agent.a1', depth: 3 }]);

    // ACT
    const { body, contentType } = await metrics.render();

    // ASSERT
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('rh_runs_total{status="succeeded"} 1');
    expect(body).toContain('rh_runs_active 2');
    expect(body).toContain('rh_node_duration_seconds_bucket{le="2.5",node_type="shell"} 1');
    expect(body).toContain('rh_node_duration_seconds_bucket{le="1",node_type="shell"} 0');
    expect(body).toContain('rh_queue_depth{queue="agent.a1"} 3');
    expect(body).toContain('rh_process_cpu_user_seconds_total');
  });

  it('keeps each instance apart, so several coordinators can share a process', async () => {
    // ARRANGE
    const first = new MetricsService(silent);
    const second = new MetricsService(silent);

    // ACT
    first.recordRunStatus('failed');

    // ASSERT
    expect((await first.render()).body).toContain('rh_runs_total{status="failed"} 1');
    expect((await second.render()).body).not.toContain('rh_runs_total{status="failed"}');
  });

  it('leaves out a failing collector and drops queues that are gone', async () => {
    // ARRANGE
    const metrics = new MetricsService(silent);
    let queues = [{ queue: 'agent.a1', depth: 1 }, { queue: 'agent.a2', depth: 5 }];
    metrics.registerQueueDepthCollector(async () => queues);
    const unregister = metrics.registerQueueDepthCollector(async () => {
      throw new Error('redis down');
    });

    // ACT
    const before = (await metrics.render()).body;
    queues = [{ queue: 'agent.a1', depth: 0 }];
    unregister();
    const after = (await metrics.render()).body;

    // ASSERT
    expect(before).toContain('rh_queue_depth{queue="agent.a2"} 5');
    expect(after).toContain('rh_queue_depth{queue="agent.a1"} 0');
    expect(after).not.toContain('agent.a2');
  });

  it('does not let a collector that never answers hold up the scrape', async () => {
    // ARRANGE
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const metrics = new MetricsService(silent);
      metrics.registerQueueDepthCollector(() => new Promise(() => undefined));
      metrics.registerQueueDepthCollector(async () => [{ queue: 'results', depth: 4 }]);

      // ACT
      const rendering = metrics.render();
      await jest.advanceTimersByTimeAsync(QUEUE_DEPTH_COLLECT_TIMEOUT_MS);
      const { body } = await rendering;

      // ASSERT
      expect(body).toContain('rh_queue_depth{queue="results"} 4');
    } finally {
      jest.useRealTimers();
    }
  });
});
