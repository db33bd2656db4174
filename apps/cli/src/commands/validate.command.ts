import { parseArgs } from 'node:util';
import { formatProblem, validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { CliError } from '../cli-error';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { counted } from '../table';
import { readWorkflowFile } from '../workflow-file';
import { validateSpec } from './validate.help';

/** `runtime-hub validate FILE [--json]` (validate.help.ts says what it does). */
export const validateCommand: Command = {
  name: 'validate',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: validateSpec.options });
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`give one workflow file (usage: ${validateSpec.usage[0]})`, EXIT_INVALID);

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
    io.out(`${file}: valid workflow "${definition.name}" (${counted(definition.nodes.length, 'node')}, ${counted(definition.edges.length, 'edge')})`);
    return EXIT_OK;
  },
};
