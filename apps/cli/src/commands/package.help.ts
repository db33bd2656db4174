import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CommandSpec } from '../command';
import { PACKAGE_TARGETS } from '../package/package.defaults';

export const packageSpec = {
  name: 'package',
  summary: 'build the single-file worker for linux-x64 or win-x64, and a zip with its policy and install script',
  usage: [`runtime-hub package --target ${PACKAGE_TARGETS.join('|')} [--out DIR]`],
  description:
    'Bundles the worker into one executable (a Node single executable application) for the target, and a zip ' +
    'with that executable, a default policy file and the install script. The Windows Node binary comes from ' +
    'the npm registry.',
  options: {
    target: { type: 'string', value: PACKAGE_TARGETS.join('|'), description: 'the platform to build for' },
    out: { type: 'string', value: 'DIR', description: 'where the executable and the zip go (default dist/package)' },
  },
  env: [],
  examples: [['runtime-hub package --target win-x64', 'dist/package/runtime-hub-worker-win-x64.exe and its zip']],
  exitCodes: [
    [EXIT_OK, 'built'],
    [EXIT_FAILED, 'the build failed'],
    [EXIT_INVALID, 'no or an unknown --target'],
  ],
} as const satisfies CommandSpec;
