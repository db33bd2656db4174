// Registers a require hook that compiles .ts files with swc on load (no build step).
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
const options = require('./swc-options');

if (!require.extensions['.ts']) {
  require('node:process').setSourceMapsEnabled?.(true);
  require.extensions['.ts'] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, { ...options, filename });
    module._compile(code, filename);
  };
}
