import { z } from 'zod';
import type { NodeCatalogue, NodeDefinition, PortDefinition } from '@runtime-hub/protocol';

/**
 * A small node catalogue for tests of libs/graph and of the packages above it, independent
 * of the real one in libs/nodes. It holds one node of each shape the validator and planner
 * distinguish: plain (`set`, `shell`, `file.list`), branching on fixed ports (`condition`),
 * branching on ports from config (`switch`), repeating (`repeat`), holding a sub-workflow
 * (`workflow.call`), producing an array (`range`) and accepting only an array (`sum`).
 * Names and configs follow docs/ARCHITECTURE.md where it describes them, so shared fixtures
 * read the same here and against the real catalogue.
 */

const anyInput = [{ name: 'in', accepts: ['any'] }] as const;
const out = (type: PortDefinition['type']): readonly PortDefinition[] => [{ name: 'out', type }];

const set: NodeDefinition<{ values: Record<string, unknown> }> = {
  type: 'set',
  version: 1,
  category: 'control',
  description: 'Builds values; its output is the values.',
  configSchema: z.strictObject({ values: z.record(z.string(), z.unknown()).default({}) }),
  outputSchema: z.record(z.string(), z.unknown()),
  inputPorts: anyInput,
  outputPorts: () => out('object'),
  requiredCapabilities: () => [],
  runsOn: 'agent',
  decidedWhenUntargeted: true,
};

const condition: NodeDefinition<{ expression: string }> = {
  type: 'condition',
  version: 1,
  category: 'control',
  description: 'Fires `true` or `false` after an expression.',
  configSchema: z.strictObject({ expression: z.string().min(1) }),
  outputSchema: z.strictObject({ value: z.boolean() }),
  inputPorts: anyInput,
  outputPorts: () => [
    { name: 'true', type: 'object' },
    { name: 'false', type: 'object' },
  ],
  requiredCapabilities: () => [],
  runsOn: 'agent',
  expressionFields: ['expression'],
};

const SwitchConfigSchema = z.strictObject({ value: z.string().min(1), cases: z.array(z.string().min(1)).min(1) });
const switchNode: NodeDefinition<z.infer<typeof SwitchConfigSchema>> = {
  type: 'switch',
  version: 1,
  category: 'control',
  description: 'Fires the port named by the value of an expression, or `default`.',
  configSchema: SwitchConfigSchema,
  outputSchema: z.strictObject({ value: z.unknown() }),
  inputPorts: anyInput,
  outputPorts: (config) => [...config.cases, 'default'].map((name) => ({ name, type: 'object' as const })),
  requiredCapabilities: () => [],
  runsOn: 'agent',
  expressionFields: ['value'],
};

const ShellConfigSchema = z.strictObject({
  shell: z.enum(['powershell', 'pwsh', 'cmd', 'sh', 'bash']),
  script: z.string(),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});
const shell: NodeDefinition<z.infer<typeof ShellConfigSchema>> = {
  type: 'shell',
  version: 1,
  category: 'shell',
  description: 'Runs a script in a shell.',
  configSchema: ShellConfigSchema,
  outputSchema: z.strictObject({ exitCode: z.number(), stdout: z.string(), stderr: z.string() }),
  inputPorts: anyInput,
  outputPorts: () => out('object'),
  requiredCapabilities: (config) => [`shell:${config.shell}`],
  runsOn: 'agent',
};

const fileList: NodeDefinition<{ path: string; pattern?: string | undefined }> = {
  type: 'file.list',
  version: 1,
  category: 'file',
  description: 'Lists the files of a folder.',
  configSchema: z.strictObject({ path: z.string().min(1), pattern: z.string().optional() }),
  outputSchema: z.strictObject({ count: z.number(), files: z.array(z.string()) }),
  inputPorts: anyInput,
  outputPorts: () => out('object'),
  requiredCapabilities: () => ['file'],
  runsOn: 'agent',
};

const range: NodeDefinition<{ count: number }> = {
  type: 'range',
  version: 1,
  category: 'control',
  description: 'Emits the array 1..count.',
  configSchema: z.strictObject({ count: z.number().int().min(0) }),
  outputSchema: z.array(z.number()),
  inputPorts: anyInput,
  outputPorts: () => out('array'),
  requiredCapabilities: () => [],
  runsOn: 'agent',
};

const sum: NodeDefinition<Record<string, never>> = {
  type: 'sum',
  version: 1,
  category: 'control',
  description: 'Adds up the numbers it receives; takes only an array.',
  configSchema: z.strictObject({}),
  outputSchema: z.number(),
  inputPorts: [{ name: 'in', accepts: ['array'] }],
  outputPorts: () => out('number'),
  requiredCapabilities: () => [],
  runsOn: 'agent',
};

const repeat: NodeDefinition<{ maxIterations: number; until: string }> = {
  type: 'repeat',
  version: 1,
  category: 'control',
  description: 'Repeats until an expression holds, at most maxIterations times.',
  configSchema: z.strictObject({ maxIterations: z.number().int().min(1), until: z.string().min(1) }),
  outputSchema: z.strictObject({ iterations: z.number() }),
  inputPorts: anyInput,
  outputPorts: () => out('object'),
  requiredCapabilities: () => [],
  runsOn: 'coordinator',
  repeats: true,
  expressionFields: ['until'],
};

const workflowCall: NodeDefinition<{ workflow: string | Record<string, unknown>; inputs: Record<string, unknown> }> = {
  type: 'workflow.call',
  version: 1,
  category: 'control',
  description: 'Runs a workflow, stored (by id) or inline, as a child run.',
  configSchema: z.strictObject({
    workflow: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    inputs: z.record(z.string(), z.unknown()).default({}),
  }),
  outputSchema: z.unknown(),
  inputPorts: anyInput,
  outputPorts: () => out('any'),
  requiredCapabilities: () => [],
  runsOn: 'coordinator',
  subWorkflowField: 'workflow',
};

/** The test catalogue, keyed by type. */
export const TEST_CATALOGUE: NodeCatalogue = new Map(
  [set, condition, switchNode, shell, fileList, range, sum, repeat, workflowCall].map((definition) => [definition.type, definition]),
);
