import { SWITCH_DEFAULT_PORT } from '../../definitions/control/switch.definition';

/**
 * The port a `switch` value selects: the first case equal to `String(value)`, else
 * `default`. An undefined result (a path that matched nothing) selects `default`, never a
 * case named "undefined".
 */
export function selectSwitchPort(value: unknown, cases: readonly string[]): string {
  if (value === undefined) return SWITCH_DEFAULT_PORT;
  const text = String(value);
  return cases.find((name) => name === text) ?? SWITCH_DEFAULT_PORT;
}
