import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatProblem, validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { CliError } from '../cli-error';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';

/** Reads a workflow file as JSON, or fails with a one-line reason naming the file. */
export async function readWorkflowFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliError(`${file}: cannot read: ${reason}`, EXIT_INVALID, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${(error as Error).message}`, EXIT_INVALID, { cause: error });
  }
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a workflow file: exit 0 when valid, 2 with one line per problem',
  usage: 'runtime-hub validate FILE [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`usage: ${this.usage}`, EXIT_INVALID);

    const result = validate(await readWorkflowFile(file), NODE_CATALOGUE);
    if (values.json) {
      io.out(JSON.stringify({ valid: result.ok, problems: result.problems }, null, 2));
      return result.ok ? EXIT_OK : EXIT_INVALID;
    }
    if (!result.ok) {
      for (const problem of result.problems) io.out(formatProblem(problem));
      return EXIT_INVALID;
    }
    const { definition } = result;
    io.out(`${file}: valid workflow "${definition.name}" (${definition.nodes.length} nodes, ${definition.edges.length} edges)`);
    return EXIT_OK;
  },
};
