import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_PROCESS } from '../../capabilities';
import { DEFAULT_PROCESS_WAIT } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const ProcessStartConfigSchema = z.strictObject({
  command: z.string().min(1).describe('Executable to start: a path, or a name found on PATH (notepad.exe).'),
  args: z.array(z.string()).optional().describe('Arguments, passed as they are: no shell parses them.'),
  cwd: z.string().min(1).optional().describe("Working directory; absent: the agent's."),
  env: z.record(z.string(), z.string()).optional().describe("Variables added to the agent's environment."),
  wait: z
    .boolean()
    .default(DEFAULT_PROCESS_WAIT)
    .describe('true: wait for the exit and capture stdout/stderr. false: start it detached and return its pid.'),
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("With wait: kill the process tree after this long. Absent: the node's own timeout bounds it."),
});
export type ProcessStartConfig = z.infer<typeof ProcessStartConfigSchema>;

export const ProcessStartOutputSchema = z.object({
  pid: z.number().int().describe('Process id.'),
  exitCode: z.number().int().nullable().optional().describe('With wait: the exit code; null when a signal ended it.'),
  stdout: z.string().optional().describe('With wait: standard output.'),
  stderr: z.string().optional().describe('With wait: standard error.'),
});
export type ProcessStartOutput = z.infer<typeof ProcessStartOutputSchema>;

export const processStartDefinition: NodeDefinition<ProcessStartConfig> = {
  type: 'process.start',
  version: 1,
  category: 'process',
  description: 'Starts a program with arguments; waits for it and captures its output, or leaves it running.',
  configSchema: ProcessStartConfigSchema,
  outputSchema: ProcessStartOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_PROCESS],
  runsOn: 'agent',
};
