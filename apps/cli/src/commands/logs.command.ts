import { parseArgs } from 'node:util';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { printRunLogs } from '../logs/run-logs';
import { logsSpec } from './logs.help';

/** `runtime-hub logs RUN [--follow] [--node ID] [--own]` (logs.help.ts says what it does). */
export const logsCommand: Command = {
  name: 'logs',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: logsSpec.options });
    const [runId] = positionals;
    if (!runId || positionals.length > 1) throw new CliError(`give one run id (usage: ${logsSpec.usage[0]})`, EXIT_INVALID);
    const config = await cliConfig();
    await printRunLogs(new ApiClient(config), config, runId, { follow: values.follow ?? false, nodeId: values.node, own: values.own ?? false }, io);
    return EXIT_OK;
  },
};
