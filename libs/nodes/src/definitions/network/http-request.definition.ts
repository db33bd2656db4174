import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_HTTP } from '../../capabilities';
import { DEFAULT_HTTP_TIMEOUT_MS, MAX_HTTP_STATUS, MIN_HTTP_STATUS } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const HttpMethodSchema = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
export type HttpMethod = z.infer<typeof HttpMethodSchema>;

const HttpStatusSchema = z.number().int().min(MIN_HTTP_STATUS).max(MAX_HTTP_STATUS);

export const HttpRequestConfigSchema = z.strictObject({
  method: HttpMethodSchema.describe('HTTP method.'),
  url: z.string().min(1).describe('Absolute http:// or https:// URL.'),
  headers: z.record(z.string(), z.string()).optional().describe('Request headers.'),
  body: z
    .unknown()
    .optional()
    .describe('Request body: a string is sent as it is, anything else as JSON (with content-type application/json).'),
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .default(DEFAULT_HTTP_TIMEOUT_MS)
    .describe(`Bound on the whole request (default ${DEFAULT_HTTP_TIMEOUT_MS} ms).`),
  okStatuses: z
    .array(HttpStatusSchema)
    .min(1)
    .optional()
    .describe('Statuses that count as success; any other fails the node. Absent: every status succeeds, branch on it downstream.'),
  idempotencyKey: z
    .boolean()
    .default(true)
    .describe(
      "Send the node's idempotency key (the same for every attempt) as an Idempotency-Key header on POST and PATCH, so the server can recognise a retry; an Idempotency-Key set in headers wins. false: never send it.",
    ),
});
export type HttpRequestConfig = z.infer<typeof HttpRequestConfigSchema>;

export const HttpRequestOutputSchema = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).describe('Response headers, names in lower case.'),
  body: z.unknown().describe('Parsed JSON when the response says it is JSON, else the text.'),
});
export type HttpRequestOutput = z.infer<typeof HttpRequestOutputSchema>;

export const httpRequestDefinition: NodeDefinition<HttpRequestConfig> = {
  type: 'http.request',
  version: 1,
  category: 'network',
  description: 'Sends an HTTP request and outputs the status, headers and body.',
  configSchema: HttpRequestConfigSchema,
  outputSchema: HttpRequestOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_HTTP],
  runsOn: 'agent',
};
