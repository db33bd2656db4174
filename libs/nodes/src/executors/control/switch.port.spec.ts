import { selectSwitchPort } from './switch.port';

const CASES = ['red', 'green', '1', 'true'];

describe('selectSwitchPort', () => {
  it('picks the case equal to the value as a string', () => {
    expect(selectSwitchPort('green', CASES)).toBe('green');
    expect(selectSwitchPort(1, CASES)).toBe('1');
    expect(selectSwitchPort(true, CASES)).toBe('true');
  });

  it('falls back to default for no match, case differences and undefined', () => {
    expect(selectSwitchPort('blue', CASES)).toBe('default');
    expect(selectSwitchPort('Red', CASES)).toBe('default');
    expect(selectSwitchPort(undefined, ['undefined'])).toBe('default');
  });
});
