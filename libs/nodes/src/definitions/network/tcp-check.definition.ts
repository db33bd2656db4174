import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_TCP } from '../../capabilities';
import { DEFAULT_TCP_TIMEOUT_MS, MAX_TCP_PORT, MIN_TCP_PORT } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const TcpCheckConfigSchema = z.strictObject({
  host: z.string().min(1).describe('Host name or IP address.'),
  port: z.number().int().min(MIN_TCP_PORT).max(MAX_TCP_PORT).describe('TCP port.'),
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .default(DEFAULT_TCP_TIMEOUT_MS)
    .describe(`How long to wait for the connection (default ${DEFAULT_TCP_TIMEOUT_MS} ms).`),
});
export type TcpCheckConfig = z.infer<typeof TcpCheckConfigSchema>;

export const TcpCheckOutputSchema = z.object({
  reachable: z.boolean(),
  latencyMs: z.number().min(0).optional().describe('Time to connect, when reachable.'),
});
export type TcpCheckOutput = z.infer<typeof TcpCheckOutputSchema>;

export const tcpCheckDefinition: NodeDefinition<TcpCheckConfig> = {
  type: 'tcp.check',
  version: 1,
  category: 'network',
  description: 'Tries a TCP connection; an unreachable port is an answer (reachable: false), not a failure.',
  configSchema: TcpCheckConfigSchema,
  outputSchema: TcpCheckOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_TCP],
  runsOn: 'agent',
};
