import type { NodeDefinition, PortDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_PYTHON } from '../../capabilities';
import { STANDARD_INPUT_PORTS, outPort } from '../node-ports';

export const PythonConfigSchema = z.strictObject({
  code: z
    .string()
    .min(1)
    .describe('Python code. It sees `inputs` and `nodes` as dicts; what it assigns to `result` (JSON) is the output.'),
  requirements: z
    .never({ error: 'requirements are not supported in v1: install packages on the Python agent host' })
    .optional(),
});
export type PythonConfig = z.infer<typeof PythonConfigSchema>;

/** Whatever the code assigned to `result`. */
export const PythonOutputSchema = z.unknown();
export type PythonOutput = z.infer<typeof PythonOutputSchema>;

/** `any`: `result` can be any JSON value. */
const PYTHON_PORTS: readonly PortDefinition[] = [outPort('any')];

export const pythonDefinition: NodeDefinition<PythonConfig> = {
  type: 'python',
  version: 1,
  category: 'python',
  description: 'Runs Python code on a Python agent; `result` becomes the output.',
  configSchema: PythonConfigSchema,
  outputSchema: PythonOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => PYTHON_PORTS,
  requiredCapabilities: () => [CAPABILITY_PYTHON],
  runsOn: 'python-agent',
};
