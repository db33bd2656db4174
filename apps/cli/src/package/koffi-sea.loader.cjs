// Replaces koffi's own loader (src/static.cjs) inside the single-file worker: the native
// module travels as the SEA asset `koffi.node`, written on first use to a new private
// directory (mode 0700, random name) and loaded from there. A SEA's require() reaches
// built-in modules only, so process.dlopen loads it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function loadStatic() {
  const sea = require('node:sea');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-hub-koffi-'));
  const file = path.join(directory, 'koffi.node');
  fs.writeFileSync(file, Buffer.from(sea.getRawAsset('koffi.node')), { mode: 0o700 });
  const module = { exports: {} };
  process.dlopen(module, file);
  return module.exports;
}

module.exports = { loadStatic };
