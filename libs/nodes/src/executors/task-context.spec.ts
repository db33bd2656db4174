import { LOG_LINE_MAX_LENGTH, PROGRESS_MESSAGE_MAX_LENGTH } from '@runtime-hub/protocol';
import type { Platform } from '../platform/platform';
import { buildContext, splitLongLine, taskScope } from './task-context';
import type { ExecutionTask, RunTaskOptions } from './task.types';

const TASK: ExecutionTask = {
  nodeType: 'set',
  config: {},
  timeoutMs: 1_000,
  attempt: 2,
  idempotencyKey: 'run1:n1',
  runId: 'run1',
  nodeId: 'n1',
  inputs: { dir: 'C:/Temp' },
  upstream: { list: { status: 'succeeded', output: { count: 3 } } },
};

describe('taskScope', () => {
  it('exposes inputs, upstream nodes and the run id to expressions', () => {
    expect(taskScope(TASK)).toEqual({
      inputs: { dir: 'C:/Temp' },
      nodes: { list: { status: 'succeeded', output: { count: 3 } } },
      run: { id: 'run1' },
    });
  });
});

describe('splitLongLine', () => {
  it('leaves a short line alone and cuts a long one into pieces, losing nothing', () => {
    expect(splitLongLine('abc', 5)).toEqual(['abc']);
    expect(splitLongLine('abcdefghijk', 5)).toEqual(['abcde', 'fghij', 'k']);
  });
});

describe('buildContext', () => {
  const logged: Array<[string, string]> = [];
  const progress = jest.fn();
  const options: RunTaskOptions = {
    workspaceRoot: '/tmp',
    log: (stream, line) => logged.push([stream, line]),
    progress,
    signal: new AbortController().signal,
    maxOutputBytes: 1_000,
    platform: { os: 'linux' } as Platform,
    hostPaths: { dataDir: '/tmp/agent' },
    expressions: { evaluate: () => Promise.resolve(undefined) },
  };

  it('carries the task identity and the limits', () => {
    const ctx = buildContext(TASK, { values: {} }, options, '/tmp/ws', options.signal);

    expect(ctx).toMatchObject({ attempt: 2, idempotencyKey: 'run1:n1', runId: 'run1', nodeId: 'n1', workspaceDir: '/tmp/ws', maxOutputBytes: 1_000 });
  });

  it('cuts log lines to the protocol limit and bounds progress', () => {
    const ctx = buildContext(TASK, {}, options, '/tmp/ws', options.signal);

    ctx.log('stdout', 'x'.repeat(LOG_LINE_MAX_LENGTH + 1));
    ctx.progress(150, 'm'.repeat(PROGRESS_MESSAGE_MAX_LENGTH + 10));
    ctx.progress(-3);

    expect(logged.map(([, line]) => line.length)).toEqual([LOG_LINE_MAX_LENGTH, 1]);
    expect(progress).toHaveBeenNthCalledWith(1, 100, 'm'.repeat(PROGRESS_MESSAGE_MAX_LENGTH));
    expect(progress).toHaveBeenNthCalledWith(2, 0, undefined);
  });
});
