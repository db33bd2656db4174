import type { ExpressionScope } from './expression.evaluate';
import { resolveTemplates } from './template.resolve';
import { TemplateError } from './template-error';

const scope: ExpressionScope = {
  inputs: { dir: 'C:/Temp', count: 3, optional: undefined },
  nodes: { list: { output: { count: 2, files: ['a.txt', 'b.txt'] }, status: 'succeeded' } },
  run: { id: 'r1' },
};

describe('resolveTemplates', () => {
  it('turns a string that is exactly one template into the raw value', async () => {
    // ACT
    const resolved = await resolveTemplates({ n: '{{ inputs.count }}', files: '{{nodes.list.output.files}}', all: '{{ nodes.list.output }}' }, scope);
    // ASSERT
    expect(resolved).toEqual({ n: 3, files: ['a.txt', 'b.txt'], all: { count: 2, files: ['a.txt', 'b.txt'] } });
  });

  it('builds a string when there is text around the templates', async () => {
    // ACT
    const resolved = await resolveTemplates(
      { script: 'Remove-Item {{ inputs.dir }}/* # {{ nodes.list.output.count }} files: {{ nodes.list.output.files }}{{ inputs.optional }}.' },
      scope,
    );
    // ASSERT
    expect(resolved.script).toBe('Remove-Item C:/Temp/* # 2 files: ["a.txt","b.txt"].');
  });

  it('walks nested objects and arrays, keeps other values, and does not change its input', async () => {
    // ARRANGE
    const value = { env: { DIR: '{{ inputs.dir }}' }, args: ['-n', '{{ inputs.count }}', 7, null, true] };
    const before = JSON.stringify(value);
    // ACT
    const resolved = await resolveTemplates(value, scope);
    // ASSERT
    expect(resolved).toEqual({ env: { DIR: 'C:/Temp' }, args: ['-n', 3, 7, null, true] });
    expect(JSON.stringify(value)).toBe(before);
  });

  it('resolves a bare string and leaves a string without templates alone', async () => {
    await expect(resolveTemplates('{{ run.id }}', scope)).resolves.toBe('r1');
    await expect(resolveTemplates('no templates', scope)).resolves.toBe('no templates');
  });

  it('writes a literal "{{" through a JSONata string', async () => {
    await expect(resolveTemplates('{{ "{{" }} name }}', scope)).resolves.toBe('{{ name }}');
  });

  it('keeps a key named __proto__ as data', async () => {
    // ARRANGE
    const value = JSON.parse('{"__proto__": {"polluted": "{{ inputs.dir }}"}}') as Record<string, unknown>;
    // ACT
    const resolved = await resolveTemplates(value, scope);
    // ASSERT
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value).toEqual({ polluted: 'C:/Temp' });
  });

  it('throws a TemplateError naming the expression and the path of a missing upstream output', async () => {
    // ACT
    const error: unknown = await resolveTemplates({ headers: { auth: 'Bearer {{ nodes.login.output.token }}' } }, scope).catch((caught: unknown) => caught);
    // ASSERT
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ expression: 'nodes.login.output.token', path: ['headers', 'auth'] });
    expect((error as Error).message).toBe('expression "nodes.login.output.token" at headers.auth: node "login" is not in the scope (it is not upstream of this node)');
  });

  it('throws on an evaluation error and on a template that is never closed', async () => {
    await expect(resolveTemplates({ a: ['{{ $boom() }}'] }, scope)).rejects.toMatchObject({ path: ['a', 0] });
    await expect(resolveTemplates({ a: 'x {{ inputs.dir' }, scope)).rejects.toThrow('"{{" is never closed by "}}"');
  });

  it('copes with deeply nested values', async () => {
    // ARRANGE
    let deep: unknown = '{{ inputs.count }}';
    for (let level = 0; level < 20_000; level += 1) deep = { level: deep };
    // ACT
    let resolved = (await resolveTemplates(deep, scope)) as { level: unknown } | number;
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
