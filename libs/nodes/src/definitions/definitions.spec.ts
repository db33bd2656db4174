import { DEFAULT_FOREACH_CONCURRENCY, DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_OK_EXIT_CODES, DEFAULT_TCP_TIMEOUT_MS, MAX_DELAY_MS } from '../node-defaults';
import { conditionDefinition } from './control/condition.definition';
import { delayDefinition } from './control/delay.definition';
import { failDefinition } from './control/fail.definition';
import { foreachDefinition } from './control/foreach.definition';
import { repeatDefinition } from './control/repeat.definition';
import { EXACTLY_ONE_SOURCE_MESSAGE, VERSION_NEEDS_ID_MESSAGE } from './control/sub-workflow.schema';
import { workflowCallDefinition } from './control/workflow-call.definition';
import { fileReadDefinition } from './file/file-read.definition';
import { httpRequestDefinition } from './network/http-request.definition';
import { tcpCheckDefinition } from './network/tcp-check.definition';
import { PID_OR_IMAGE_MESSAGE, processKillDefinition } from './process/process-kill.definition';
import { processStartDefinition } from './process/process-start.definition';
import { pythonDefinition } from './python/python.definition';
import { shellDefinition } from './shell/shell.definition';

function messages(result: { error?: { issues: readonly { message: string }[] } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

const INLINE_WORKFLOW = { schemaVersion: 1, name: 'child', nodes: [{ id: 'noop', type: 'set', config: { values: {} } }] };

describe.each([
  ['workflow.call', workflowCallDefinition, {}],
  ['foreach', foreachDefinition, { items: [1, 2], maxIterations: 2 }],
  ['repeat', repeatDefinition, { until: 'iteration >= 3', maxIterations: 3 }],
] as const)('%s child workflow', (_type, definition, rest) => {
  it('accepts a stored workflow, with or without a version', () => {
    expect(definition.configSchema.safeParse({ ...rest, workflowId: 'wf' }).success).toBe(true);
    expect(definition.configSchema.safeParse({ ...rest, workflowId: 'wf', version: 2 }).success).toBe(true);
  });

  it('accepts an inline workflow', () => {
    expect(definition.configSchema.safeParse({ ...rest, workflow: INLINE_WORKFLOW }).success).toBe(true);
  });

  it('refuses a config naming no workflow, or two', () => {
    expect(messages(definition.configSchema.safeParse(rest))).toEqual([EXACTLY_ONE_SOURCE_MESSAGE]);
    expect(messages(definition.configSchema.safeParse({ ...rest, workflowId: 'wf', workflow: INLINE_WORKFLOW }))).toEqual([
      EXACTLY_ONE_SOURCE_MESSAGE,
    ]);
  });

  it('refuses a version for an inline workflow', () => {
    const result = definition.configSchema.safeParse({ ...rest, workflow: INLINE_WORKFLOW, version: 2 });
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['version'], message: VERSION_NEEDS_ID_MESSAGE })]);
  });
});

describe('foreach', () => {
  it('runs a few iterations at once by default and leaves maxIterations to the validator', () => {
    const config = foreachDefinition.configSchema.parse({ items: '{{ inputs.hosts }}', workflowId: 'wf' });
    expect(config.concurrency).toBe(DEFAULT_FOREACH_CONCURRENCY);
    expect(config.maxIterations).toBeUndefined();
  });

  it('refuses items that are neither an array nor a template', () => {
    expect(foreachDefinition.configSchema.safeParse({ items: 'inputs.hosts', workflowId: 'wf' }).success).toBe(false);
    expect(foreachDefinition.configSchema.safeParse({ items: { a: 1 }, workflowId: 'wf' }).success).toBe(false);
  });

  it('refuses extra inputs that would hide the item or its index', () => {
    const result = foreachDefinition.configSchema.safeParse({ items: [1], workflowId: 'wf', inputs: { index: 0 } });
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['inputs', 'index'] })]);
  });

  it('refuses a concurrency below one', () => {
    expect(foreachDefinition.configSchema.safeParse({ items: [1], workflowId: 'wf', concurrency: 0 }).success).toBe(false);
  });

  it('takes an upstream array on its `items` port', () => {
    expect(foreachDefinition.inputPorts).toContainEqual(expect.objectContaining({ name: 'items', accepts: ['array'] }));
  });
});

describe('ports', () => {
  it('gives condition a true and a false port', () => {
    expect(conditionDefinition.outputPorts({ expression: 'true' }).map((port) => port.name)).toEqual(['true', 'false']);
  });

  it('gives fail no output port: only its error port can lead on', () => {
    expect(failDefinition.outputPorts({ message: 'stop' })).toEqual([]);
  });
});

describe('defaults', () => {
  it('succeeds a script on exit code 0 only, with an array of its own', () => {
    const first = shellDefinition.configSchema.parse({ shell: 'bash', script: 'true' });
    const second = shellDefinition.configSchema.parse({ shell: 'bash', script: 'true' });
    expect(first.okExitCodes).toEqual([...DEFAULT_OK_EXIT_CODES]);
    first.okExitCodes.push(2);
    expect(second.okExitCodes).toEqual([0]);
  });

  it('bounds network operations by their named defaults', () => {
    expect(httpRequestDefinition.configSchema.parse({ method: 'GET', url: 'https://example.com' }).timeoutMs).toBe(DEFAULT_HTTP_TIMEOUT_MS);
    expect(tcpCheckDefinition.configSchema.parse({ host: 'db01', port: 5432 }).timeoutMs).toBe(DEFAULT_TCP_TIMEOUT_MS);
  });

  it('waits for a started process and kills whole trees unless told otherwise', () => {
    expect(processStartDefinition.configSchema.parse({ command: 'cmd.exe' }).wait).toBe(true);
    expect(processKillDefinition.configSchema.parse({ pid: 42 }).tree).toBe(true);
  });

  it('reads text unless asked for base64', () => {
    expect(fileReadDefinition.configSchema.parse({ path: 'C:/a.txt' }).encoding).toBe('utf8');
  });
});

describe('limits and rules', () => {
  it('refuses a delay longer than the named maximum', () => {
    expect(delayDefinition.configSchema.safeParse({ ms: MAX_DELAY_MS }).success).toBe(true);
    expect(delayDefinition.configSchema.safeParse({ ms: MAX_DELAY_MS + 1 }).success).toBe(false);
  });

  it('kills by pid or by image name, never both or neither', () => {
    expect(messages(processKillDefinition.configSchema.safeParse({}))).toEqual([PID_OR_IMAGE_MESSAGE]);
    expect(messages(processKillDefinition.configSchema.safeParse({ pid: 42, image: 'notepad.exe' }))).toEqual([PID_OR_IMAGE_MESSAGE]);
  });

  it('refuses a TCP port out of range', () => {
    expect(tcpCheckDefinition.configSchema.safeParse({ host: 'db01', port: 70_000 }).success).toBe(false);
  });

  it('refuses HTTP methods and statuses that do not exist', () => {
    expect(httpRequestDefinition.configSchema.safeParse({ method: 'FETCH', url: 'https://example.com' }).success).toBe(false);
    expect(httpRequestDefinition.configSchema.safeParse({ method: 'GET', url: 'https://example.com', okStatuses: [200, 99] }).success).toBe(false);
  });

  it('says plainly that python requirements are not supported in v1', () => {
    const result = pythonDefinition.configSchema.safeParse({ code: 'result = 1', requirements: ['requests'] });
    expect(messages(result)).toEqual(['requirements are not supported in v1: install packages on the Python agent host']);
  });

  it('leaves string fields open to {{ }} templates', () => {
    expect(shellDefinition.configSchema.safeParse({ shell: 'sh', script: 'ls', cwd: '{{ inputs.dir }}' }).success).toBe(true);
    expect(httpRequestDefinition.configSchema.safeParse({ method: 'GET', url: '{{ inputs.url }}' }).success).toBe(true);
  });
});
