#!/usr/bin/env node
// Runs one TypeScript file from source: `node bin/run-ts.js path/to/script.ts [args...]`.
require('./register-ts');
const path = require('node:path');
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(script), ...args];
require(path.resolve(script));
