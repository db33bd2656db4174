import { z } from 'zod';

/**
 * The body of every failed REST response (and of no successful one). `details` carries
 * machine-readable facts; some codes add their own members (VALIDATION_FAILED: `problems`).
 */
export const ApiErrorBodySchema = z.object({
  error: z
    .object({
      /** UNAUTHORIZED, NOT_FOUND, INVALID_REQUEST, VALIDATION_FAILED, CONFLICT, INTERNAL, ... */
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    })
    .loose(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** Code of a request whose body, query or path parameters do not match their schema. */
export const INVALID_REQUEST = 'INVALID_REQUEST';
/** Code of an error the server did not expect; the response carries only an `errorId` to quote. */
export const INTERNAL = 'INTERNAL';
/** Code of a request refused because its address or token failed to authenticate too often (429, with `Retry-After`). */
export const RATE_LIMITED = 'RATE_LIMITED';
/** Code of a request the coordinator cannot decide now (503): a store it needs is unreachable. */
export const UNAVAILABLE = 'UNAVAILABLE';
