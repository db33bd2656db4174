import { planTemplates } from './template.plan';
import { TemplateError } from './template-error';

/** Fills a plan with values looked up by expression text: the plan itself evaluates nothing. */
function resolveWith<T>(value: T, values: Record<string, unknown>): T {
  const plan = planTemplates(value);
  return plan.fill(plan.expressions.map((planned) => values[planned.expression]));
}

const VALUES: Record<string, unknown> = {
  'inputs.count': 3,
  'inputs.dir': 'C:/Temp',
  'inputs.optional': undefined,
  'nodes.list.output.files': ['a.txt', 'b.txt'],
  'nodes.list.output.count': 2,
  'nodes.list.output': { count: 2, files: ['a.txt', 'b.txt'] },
};

describe('planTemplates', () => {
  it('lists the expressions in document order with the path of their string', () => {
    // ARRANGE
    const value = { b: ['x {{ inputs.dir }} {{ inputs.count }}'], a: { c: '{{ run.id }}' }, n: 1 };
    // ACT
    const plan = planTemplates(value);
    // ASSERT
    expect(plan.expressions).toEqual([
      { expression: 'inputs.dir', path: ['b', 0] },
      { expression: 'inputs.count', path: ['b', 0] },
      { expression: 'run.id', path: ['a', 'c'] },
    ]);
  });

  it('turns a string that is exactly one template into the raw value', () => {
    expect(resolveWith({ n: '{{ inputs.count }}', files: '{{nodes.list.output.files}}', all: '{{ nodes.list.output }}' }, VALUES)).toEqual({
      n: 3,
      files: ['a.txt', 'b.txt'],
      all: { count: 2, files: ['a.txt', 'b.txt'] },
    });
  });

  it('builds a string when there is text around the templates', () => {
    // ACT
    const resolved = resolveWith(
      { script: 'Remove-Item {{ inputs.dir }}/* # {{ nodes.list.output.count }} files: {{ nodes.list.output.files }}{{ inputs.optional }}.' },
      VALUES,
    );
    // ASSERT
    expect(resolved.script).toBe('Remove-Item C:/Temp/* # 2 files: ["a.txt","b.txt"].');
  });

  it('walks nested objects and arrays, keeps other values, and does not change its input', () => {
    // ARRANGE
    const value = { env: { DIR: '{{ inputs.dir }}' }, args: ['-n', '{{ inputs.count }}', 7, null, true] };
    const before = JSON.stringify(value);
    // ACT
    const resolved = resolveWith(value, VALUES);
    // ASSERT
    expect(resolved).toEqual({ env: { DIR: 'C:/Temp' }, args: ['-n', 3, 7, null, true] });
    expect(JSON.stringify(value)).toBe(before);
  });

  it('has nothing to evaluate for a value without templates', () => {
    // ACT
    const plan = planTemplates({ a: 'no templates', b: [1, 'x'] });
    // ASSERT
    expect(plan.expressions).toEqual([]);
    expect(plan.fill([])).toEqual({ a: 'no templates', b: [1, 'x'] });
  });

  it('keeps a key named __proto__ as data', () => {
    // ARRANGE
    const value = JSON.parse('{"__proto__": {"polluted": "{{ inputs.dir }}"}}') as Record<string, unknown>;
    // ACT
    const resolved = resolveWith(value, VALUES);
    // ASSERT
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value).toEqual({ polluted: 'C:/Temp' });
  });

  it('throws a TemplateError naming the path of a template that is never closed', () => {
    // ACT
    const error: unknown = (() => {
      try {
        return planTemplates({ a: ['ok', 'x {{ inputs.dir'] });
      } catch (caught) {
        return caught;
      }
    })();
    // ASSERT
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ path: ['a', 1] });
    expect((error as Error).message).toContain('"{{" is never closed by "}}"');
  });

  it('copes with deeply nested values', () => {
    // ARRANGE
    let deep: unknown = '{{ inputs.count }}';
    for (let level = 0; level < 20_000; level += 1) deep = { level: deep };
    // ACT
    let resolved = resolveWith(deep, VALUES) as { level: unknown } | number;
    let depth = 0;
    while (typeof resolved === 'object') {
      resolved = resolved.level as { level: unknown } | number;
      depth += 1;
    }
    // ASSERT
    expect(depth).toBe(20_000);
    expect(resolved).toBe(3);
  });
});
