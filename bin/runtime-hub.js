#!/usr/bin/env node
require('./register-ts');
require('../apps/cli/src/main.ts').main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Every command catches what it expects; this is the last line of defence against a stack trace.
    process.stderr.write(`runtime-hub: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
