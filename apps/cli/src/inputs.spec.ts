import type { WorkflowInput } from '@runtime-hub/protocol';
import { CliError } from './cli-error';
import { coerceInputs, coerceTextInput, parseInputFlags } from './inputs';

const declared = (type: WorkflowInput['type']): WorkflowInput => ({ type }) as WorkflowInput;

describe('parseInputFlags', () => {
  it('splits at the first "=" so values may contain "="', () => {
    expect(parseInputFlags(['url=https://x/?a=b', 'n=3'])).toEqual(
      new Map([
        ['url', 'https://x/?a=b'],
        ['n', '3'],
      ]),
    );
  });

  it('keeps an empty value and lets a repeated name win last', () => {
    expect(parseInputFlags(['a=', 'b=1', 'b=2'])).toEqual(
      new Map([
        ['a', ''],
        ['b', '2'],
      ]),
    );
  });

  it.each(['novalue', '=x'])('refuses %p with exit 2 naming the flag', (flag) => {
    let caught: unknown;
    try {
      parseInputFlags([flag]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect(caught).toMatchObject({ exitCode: 2, message: `--input ${flag}: expected name=value` });
  });
});

describe('coerceTextInput', () => {
  it.each([
    ['number', '3', 3],
    ['number', '-2.5', -2.5],
    ['number', '1e3', 1000],
    ['number', 'abc', 'abc'],
    ['number', ' ', ' '],
    ['number', 'Infinity', 'Infinity'],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['boolean', 'yes', 'yes'],
    ['array', '["a",1]', ['a', 1]],
    ['object', '{"k":true}', { k: true }],
    ['object', '{bad', '{bad'],
    ['string', '42', '42'],
  ] as const)('%s %p -> %p', (type, text, expected) => {
    expect(coerceTextInput(declared(type), text)).toEqual(expected);
  });

  it('leaves an undeclared input as text for the coordinator to refuse by name', () => {
    expect(coerceTextInput(undefined, '5')).toBe('5');
  });
});

describe('coerceInputs', () => {
  it('coerces each given input by its declared type only', () => {
    const inputs = coerceInputs(
      { count: declared('number'), dry: declared('boolean'), name: declared('string') },
      new Map([
        ['count', '3'],
        ['dry', 'true'],
        ['name', '007'],
        ['extra', '1'],
      ]),
    );
    expect(inputs).toEqual({ count: 3, dry: true, name: '007', extra: '1' });
  });

  it('does not treat inherited object keys as declared inputs', () => {
    expect(coerceInputs({}, new Map([['toString', '1']]))).toEqual({ toString: '1' });
  });
});
