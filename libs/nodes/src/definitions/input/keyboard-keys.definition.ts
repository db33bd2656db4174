import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_DESKTOP } from '../../capabilities';
import { DEFAULT_KEYBOARD_DELAY_MS, MAX_KEYBOARD_DELAY_MS } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';
import { parseChord } from './key-chord';
import { WindowPatternSchema } from './window-pattern.schema';

const ChordSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseChord(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
});

export const KeyboardKeysConfigSchema = z.strictObject({
  keys: z
    .array(ChordSchema)
    .min(1, 'give at least one key or chord')
    .describe("Keys and chords pressed in order, modifiers joined by +, like ['ctrl+s', 'enter']."),
  delayMs: z
    .number()
    .int()
    .min(0)
    .max(MAX_KEYBOARD_DELAY_MS)
    .default(DEFAULT_KEYBOARD_DELAY_MS)
    .describe(`Pause between chords (default ${DEFAULT_KEYBOARD_DELAY_MS} ms).`),
  window: WindowPatternSchema.optional(),
});
export type KeyboardKeysConfig = z.infer<typeof KeyboardKeysConfigSchema>;

export const KeyboardKeysOutputSchema = z.object({
  pressed: z.number().int().min(0).describe('Keys and chords pressed.'),
  window: z.string().describe('Title of the window that had the focus.'),
});
export type KeyboardKeysOutput = z.infer<typeof KeyboardKeysOutputSchema>;

export const keyboardKeysDefinition: NodeDefinition<KeyboardKeysConfig> = {
  type: 'keyboard.keys',
  version: 1,
  category: 'input',
  description: 'Presses keys and chords (ctrl+s, alt+f4, enter) in the focused window.',
  configSchema: KeyboardKeysConfigSchema,
  outputSchema: KeyboardKeysOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_DESKTOP],
  runsOn: 'agent',
};
