import { z } from 'zod';

/**
 * `window` of the keyboard nodes: a glob (`*` any run of characters, `?` one) that the title
 * of the focused window must match, ignoring case, before any key is sent. Absent: whatever
 * window has the focus gets the input.
 */
export const WindowPatternSchema = z
  .string()
  .min(1)
  .describe('Title the focused window must match before any key is sent: * is any run of characters, ? one; case is ignored. Absent: any window.');
