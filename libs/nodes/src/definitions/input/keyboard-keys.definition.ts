import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_DESKTOP } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const KeyboardKeysConfigSchema = z.strictObject({
  keys: z
    .array(z.string().min(1))
    .min(1, 'give at least one key or chord')
    .describe("Keys and chords pressed in order, modifiers joined by +, like ['ctrl+s', 'enter']."),
});
export type KeyboardKeysConfig = z.infer<typeof KeyboardKeysConfigSchema>;

export const KeyboardKeysOutputSchema = z.object({
  pressed: z.number().int().min(0).describe('Keys and chords pressed.'),
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
