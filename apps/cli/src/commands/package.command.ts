import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { packageSpec } from './package.help';
import { DEFAULT_PACKAGE_DIR, PACKAGE_TARGETS, type PackageTarget } from '../package/package.defaults';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** `runtime-hub package`: the single-file worker of a target and its zip (package/package.build.ts). */
export const packageCommand: Command = {
  name: 'package',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({ args, allowPositionals: false, options: packageSpec.options });
    const target = values.target;
    if (!target || !(PACKAGE_TARGETS as readonly string[]).includes(target)) {
      throw new CliError(`--target: expected one of ${PACKAGE_TARGETS.join('|')}${target ? `, got "${target}"` : ''}`, EXIT_INVALID);
    }
    const { buildWorkerPackage } = await import('../package/package.build');
    try {
      const built = await buildWorkerPackage({
        target: target as PackageTarget,
        root: ROOT,
        outDir: path.resolve(values.out ?? path.join(ROOT, DEFAULT_PACKAGE_DIR)),
        report: (line) => io.out(line),
      });
      io.out(`single-file worker: ${built.executable}`);
      io.out(`package: ${built.zip}`);
      return EXIT_OK;
    } catch (error) {
      throw new CliError(`cannot build the ${target} package: ${error instanceof Error ? error.message : String(error)}`, EXIT_FAILED, { cause: error });
    }
  },
};
