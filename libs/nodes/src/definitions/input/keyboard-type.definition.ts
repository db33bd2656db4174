import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_DESKTOP } from '../../capabilities';
import { DEFAULT_KEYBOARD_DELAY_MS, MAX_KEYBOARD_DELAY_MS } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';
import { WindowPatternSchema } from './window-pattern.schema';

export const KeyboardTypeConfigSchema = z.strictObject({
  text: z.string().min(1).describe('Text to type into the focused window.'),
  delayMs: z
    .number()
    .int()
    .min(0)
    .max(MAX_KEYBOARD_DELAY_MS)
    .default(DEFAULT_KEYBOARD_DELAY_MS)
    .describe(`Pause between keystrokes (default ${DEFAULT_KEYBOARD_DELAY_MS} ms).`),
  window: WindowPatternSchema.optional(),
});
export type KeyboardTypeConfig = z.infer<typeof KeyboardTypeConfigSchema>;

export const KeyboardTypeOutputSchema = z.object({
  typed: z.number().int().min(0).describe('Characters typed.'),
  window: z.string().describe('Title of the window that had the focus.'),
});
export type KeyboardTypeOutput = z.infer<typeof KeyboardTypeOutputSchema>;

export const keyboardTypeDefinition: NodeDefinition<KeyboardTypeConfig> = {
  type: 'keyboard.type',
  version: 1,
  category: 'input',
  description: 'Types text into the focused window of the interactive desktop.',
  configSchema: KeyboardTypeConfigSchema,
  outputSchema: KeyboardTypeOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_DESKTOP],
  runsOn: 'agent',
};
