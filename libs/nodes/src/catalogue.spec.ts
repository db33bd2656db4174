import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_INPUT_PORT, ERROR_PORT, WorkflowDefinitionSchema, type NodeDefinition, type WorkflowDefinition } from '@runtime-hub/protocol';
import jsonata from 'jsonata';
import { z } from 'zod';
import { ALL_CAPABILITIES, SHELL_KINDS } from './capabilities';
import { NODE_CATALOGUE, NODE_DEFINITIONS } from './catalogue';
import { shellDefinition } from './definitions/shell/shell.definition';
import { switchDefinition } from './definitions/control/switch.definition';

/** A config an author would write for each node type: templates where they are usual. */
const TYPICAL_CONFIGS: Readonly<Record<string, Record<string, unknown>>> = {
  condition: { expression: 'nodes.list.output.count > 0' },
  switch: { expression: 'inputs.environment', cases: ['dev', 'prod'] },
  delay: { ms: 5_000 },
  set: { values: { greeting: 'hello {{ inputs.name }}', done: true } },
  fail: { message: 'no disk space left on {{ inputs.host }}', code: 'DISK_FULL' },
  'workflow.call': { workflowId: 'nightly-backup', version: 3, inputs: { dir: '{{ inputs.dir }}' } },
  foreach: { items: '{{ inputs.hosts }}', workflowId: 'patch-host', concurrency: 2, maxIterations: 50 },
  repeat: { workflowId: 'poll-service', until: 'last.probe.output.status = 200', maxIterations: 10 },
  'process.start': { command: 'notepad.exe', args: ['C:/notes.txt'], wait: false },
  'process.kill': { image: 'notepad.exe' },
  'process.list': { filter: 'notepad' },
  shell: { shell: 'powershell', script: 'Get-ChildItem {{ inputs.dir }}', okExitCodes: [0, 1] },
  'file.read': { path: 'C:/app/config.json' },
  'file.write': { path: 'C:/app/config.json', content: '{{ $string(nodes.build.output) }}', createDirs: true },
  'file.copy': { from: 'C:/app/config.json', to: 'D:/backup/config.json', overwrite: true },
  'file.move': { from: 'C:/inbox/report.csv', to: 'C:/archive/report.csv' },
  'file.delete': { path: 'C:/Temp/build', recursive: true, missingOk: true },
  'file.list': { path: 'C:/Logs', pattern: '*.log', recursive: true },
  'file.exists': { path: 'C:/app/ready.flag' },
  'http.request': { method: 'POST', url: '{{ inputs.url }}', headers: { 'content-type': 'application/json' }, body: { ok: true } },
  'tcp.check': { host: 'db01.corp.local', port: 5432 },
  'keyboard.type': { text: 'hello' },
  'keyboard.keys': { keys: ['ctrl+s'] },
  python: { code: 'result = len(inputs["hosts"])' },
};

const EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'examples');
const TEMPLATE = /\{\{([\s\S]*?)\}\}/g;

function typicalConfig(definition: NodeDefinition): Record<string, unknown> {
  const config = TYPICAL_CONFIGS[definition.type];
  if (!config) throw new Error(`no typical config for ${definition.type}`);
  return config;
}

function configKeys(definition: NodeDefinition): string[] {
  const schema = z.toJSONSchema(definition.configSchema, { io: 'input' }) as { properties?: Record<string, unknown> };
  return Object.keys(schema.properties ?? {});
}

describe('NODE_DEFINITIONS', () => {
  it('gives every node type once, with a version, a one-line description and a category', () => {
    const types = NODE_DEFINITIONS.map((definition) => definition.type);
    expect(new Set(types).size).toBe(types.length);
    expect(NODE_CATALOGUE.size).toBe(NODE_DEFINITIONS.length);
    for (const definition of NODE_DEFINITIONS) {
      expect(Number.isInteger(definition.version) && definition.version >= 1).toBe(true);
      expect(definition.description).toMatch(/^\S.*\S$/);
      expect(definition.description).not.toContain('\n');
      expect(['control', 'process', 'shell', 'file', 'network', 'input', 'python']).toContain(definition.category);
      expect(NODE_CATALOGUE.get(definition.type)).toBe(definition);
    }
  });

  it('holds exactly the v1 catalogue', () => {
    expect([...NODE_CATALOGUE.keys()].sort()).toEqual(Object.keys(TYPICAL_CONFIGS).sort());
  });

  it.each(NODE_DEFINITIONS.map((definition) => [definition.type, definition] as const))('%s accepts a typical config', (_type, definition) => {
    const result = definition.configSchema.safeParse(typicalConfig(definition));
    expect(result.error?.issues).toBeUndefined();
  });

  it.each(NODE_DEFINITIONS.map((definition) => [definition.type, definition] as const))('%s reports a misspelled key by name', (_type, definition) => {
    const [firstKey] = Object.keys(typicalConfig(definition));
    const misspelled = `${firstKey}s`;
    const result = definition.configSchema.safeParse({ ...typicalConfig(definition), [misspelled]: 'x' });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: [misspelled] })]);
  });

  it.each(NODE_DEFINITIONS.map((definition) => [definition.type, definition] as const))(
    '%s has a config schema the dashboard can turn into a form',
    (_type, definition) => {
      const schema = z.toJSONSchema(definition.configSchema, { io: 'input' }) as Record<string, unknown>;
      expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    },
  );

  it('declares ports every editor can wire: `in` on every node, unique output names, never `error`', () => {
    for (const definition of NODE_DEFINITIONS) {
      expect(definition.inputPorts.map((port) => port.name)).toContain(DEFAULT_INPUT_PORT);
      const outputs = definition.outputPorts(definition.configSchema.parse(typicalConfig(definition))).map((port) => port.name);
      expect(new Set(outputs).size).toBe(outputs.length);
      expect(outputs).not.toContain(ERROR_PORT);
    }
  });

  it('requires only known capabilities, and none where the coordinator runs the node', () => {
    for (const definition of NODE_DEFINITIONS) {
      const capabilities = definition.requiredCapabilities(definition.configSchema.parse(typicalConfig(definition)));
      for (const capability of capabilities) expect(ALL_CAPABILITIES).toContain(capability);
      if (definition.runsOn === 'coordinator') expect(capabilities).toEqual([]);
    }
  });

  it('names real config keys in expressionFields, subWorkflowField and (for repeating nodes) maxIterations', () => {
    for (const definition of NODE_DEFINITIONS) {
      const keys = configKeys(definition);
      for (const field of definition.expressionFields ?? []) expect(keys).toContain(field);
      if (definition.subWorkflowField !== undefined) expect(keys).toContain(definition.subWorkflowField);
      if (definition.repeats) expect(keys).toContain('maxIterations');
    }
    expect(NODE_DEFINITIONS.filter((definition) => definition.repeats).map((definition) => definition.type)).toEqual(['foreach', 'repeat']);
  });

  it('gives expression fields of the typical configs that JSONata parses', () => {
    for (const definition of NODE_DEFINITIONS) {
      const config = typicalConfig(definition);
      for (const field of definition.expressionFields ?? []) expect(() => jsonata(String(config[field]))).not.toThrow();
    }
  });
});

describe('shell', () => {
  it.each(SHELL_KINDS)('requires the shell:%s capability for that shell', (shell) => {
    const config = shellDefinition.configSchema.parse({ shell, script: 'echo hi' });
    expect(shellDefinition.requiredCapabilities(config)).toEqual([`shell:${shell}`]);
  });

  it('refuses a shell it does not know, listing those it does', () => {
    const result = shellDefinition.configSchema.safeParse({ shell: 'zsh', script: 'echo hi' });
    expect(result.error!.issues).toEqual([expect.objectContaining({ code: 'invalid_value', path: ['shell'], values: [...SHELL_KINDS] })]);
  });
});

describe('switch', () => {
  it('offers one port per case, then default', () => {
    const config = switchDefinition.configSchema.parse({ expression: 'inputs.tier', cases: ['gold', 'silver'] });
    expect(switchDefinition.outputPorts(config).map((port) => port.name)).toEqual(['gold', 'silver', 'default']);
  });

  it.each([
    ['no case', [], 'a switch needs at least one case'],
    ['a case listed twice', ['gold', 'gold'], 'case "gold" is listed twice'],
    ['a case named like a reserved port', ['gold', 'default'], '"default" is a reserved port name and cannot be a case'],
    ['the error port as a case', ['error'], '"error" is a reserved port name and cannot be a case'],
  ])('refuses %s', (_what, cases, message) => {
    const result = switchDefinition.configSchema.safeParse({ expression: 'inputs.tier', cases });
    expect(result.error!.issues.map((issue) => issue.message)).toEqual([message]);
  });
});

/** Every node of a workflow and, recursively, of the inline sub-workflows it holds. */
function allWorkflows(workflow: WorkflowDefinition): WorkflowDefinition[] {
  const nested = workflow.nodes.flatMap((node) => {
    const field = NODE_CATALOGUE.get(node.type)?.subWorkflowField;
    const inline = field === undefined ? undefined : node.config[field];
    return inline === undefined ? [] : allWorkflows(WorkflowDefinitionSchema.parse(inline));
  });
  return [workflow, ...nested];
}

function templatesIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(TEMPLATE)].map((match) => match[1] ?? '');
  if (Array.isArray(value)) return value.flatMap(templatesIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(templatesIn);
  return [];
}

const EXAMPLE_FILES = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));

describe('examples/*.json', () => {
  it('holds the three documented examples', () => {
    expect(EXAMPLE_FILES.sort()).toEqual(expect.arrayContaining(['batch-over-inputs.json', 'clean-temp-across-hosts.json', 'web-health-check.json']));
  });

  describe.each(EXAMPLE_FILES)('%s', (file) => {
    const raw: unknown = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));

    it('parses as a workflow definition', () => {
      expect(WorkflowDefinitionSchema.safeParse(raw).error?.issues).toBeUndefined();
    });

    it("gives every node, sub-workflows included, a known type and a config its schema accepts", () => {
      for (const workflow of allWorkflows(WorkflowDefinitionSchema.parse(raw))) {
        for (const node of workflow.nodes) {
          const definition = NODE_CATALOGUE.get(node.type);
          expect(definition).toBeDefined();
          expect({ node: node.id, issues: definition!.configSchema.safeParse(node.config).error?.issues }).toEqual({ node: node.id, issues: undefined });
        }
      }
    });

    it('wires edges between existing nodes, from ports they offer to ports they take', () => {
      for (const workflow of allWorkflows(WorkflowDefinitionSchema.parse(raw))) {
        const nodes = new Map(workflow.nodes.map((node) => [node.id, node]));
        for (const edge of workflow.edges) {
          const from = nodes.get(edge.from);
          const to = nodes.get(edge.to);
          expect(from && to).toBeTruthy();
          const fromDefinition = NODE_CATALOGUE.get(from!.type)!;
          const offered = [...fromDefinition.outputPorts(fromDefinition.configSchema.parse(from!.config)).map((port) => port.name), ERROR_PORT];
          if (edge.port !== undefined) expect(offered).toContain(edge.port);
          const taken = NODE_CATALOGUE.get(to!.type)!.inputPorts.map((port) => port.name);
          expect(taken).toContain(edge.toPort ?? DEFAULT_INPUT_PORT);
        }
      }
    });

    it('writes expressions and {{ }} templates JSONata can parse', () => {
      for (const workflow of allWorkflows(WorkflowDefinitionSchema.parse(raw))) {
        for (const node of workflow.nodes) {
          const definition = NODE_CATALOGUE.get(node.type)!;
          const ownConfig = Object.entries(node.config).filter(([key]) => key !== definition.subWorkflowField);
          for (const [key, value] of ownConfig) {
            const expressions = definition.expressionFields?.includes(key) ? [String(value)] : templatesIn(value);
            for (const expression of expressions) expect(() => jsonata(expression)).not.toThrow();
          }
        }
      }
    });
  });
});

describe('clean-temp-across-hosts.json', () => {
  /*
   *   list (file.list, each windows host) ──► anyOld (condition) ──true──► clean (shell, each host) ──► summary (set)
   *
   * `list` fans out, so its output is keyed by agent; `anyOld` must look across every host.
   */
  const workflow = WorkflowDefinitionSchema.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, 'clean-temp-across-hosts.json'), 'utf8')));
  const anyOld = workflow.nodes.find((node) => node.id === 'anyOld')!;
  const DAY_MS = 86_400_000;
  const ageDays = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();
  const file = (days: number, isDirectory = false) => ({ path: 'C:/Temp/x', name: 'x', size: 1, modifiedAt: ageDays(days), isDirectory });

  it.each([
    ['one host holds an old file', true, { host1: [file(1)], host2: [file(30)] }],
    ['only recent files', false, { host1: [file(1)], host2: [file(2)] }],
    ['only an old directory', false, { host1: [file(30, true)] }],
    ['no host listed anything', false, { host1: [], host2: [] }],
  ])('anyOld, when %s, is %s', async (_what, expected, filesByHost) => {
    // ARRANGE
    const listOutput = Object.fromEntries(Object.entries(filesByHost).map(([host, files]) => [host, { count: files.length, files }]));
    const scope = { inputs: { maxAgeDays: 7 }, nodes: { list: { output: listOutput } } };
    // ACT
    const value: unknown = await jsonata(String(anyOld.config.expression)).evaluate(scope);
    // ASSERT
    expect(value).toBe(expected);
  });
});
