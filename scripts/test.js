#!/usr/bin/env node
// `npm test`: every check a change must pass, in the order that fails fastest.
// Extra arguments go to jest (e.g. `npm test -- libs/graph`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const jestArgs = process.argv.slice(2);
const jestResults = path.join(os.tmpdir(), `runtime-hub-jest-${process.pid}.json`);
const pytestResults = path.join(os.tmpdir(), `runtime-hub-pytest-${process.pid}.xml`);
const python = process.env.RH_PYTHON || '/usr/bin/python3';
const hasPythonTests = fs.existsSync(path.join(root, 'agents', 'python', 'tests'));
const totals = { passed: 0, failed: 0, skipped: 0 };

const steps = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['lint', bin('eslint'), ['--max-warnings=0', '.']],
  ['json schemas up to date', process.execPath, ['bin/run-ts.js', 'libs/protocol/scripts/generate-json-schemas.ts', '--check']],
  // The dashboard is browser code with its own compiler settings (DOM, JSX, bundler
  // resolution), checked apart from the Node workspace; its build is what the coordinator
  // serves and what tests/dashboard drives in Chromium.
  ['dashboard typecheck', bin('tsc'), ['-p', 'apps/dashboard/tsconfig.json', '--noEmit']],
  ['dashboard specs typecheck', bin('tsc'), ['-p', 'apps/dashboard/tsconfig.spec.json', '--noEmit']],
  ['dashboard build', process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'apps/dashboard', '--mode', 'production', '--logLevel', 'warn']],
  // --forceExit: a test that fails half-way can leave a connection open; that must fail the
  // run with its report, not hang CI until its time limit.
  ['jest', bin('jest'), ['--ci', '--forceExit', '--json', `--outputFile=${jestResults}`, ...jestArgs]],
  ...(hasPythonTests && jestArgs.length === 0
    ? [['pytest (agents/python)', python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${pytestResults}`, 'agents/python/tests']]]
    : []),
];

function collectJest() {
  try {
    const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(fs.readFileSync(jestResults, 'utf8'));
    fs.rmSync(jestResults, { force: true });
    totals.passed += numPassedTests;
    totals.failed += numFailedTests;
    totals.skipped += numPendingTests;
  } catch {
    // jest did not get far enough to write results; its own output says why
  }
}

function collectPytest() {
  try {
    const xml = fs.readFileSync(pytestResults, 'utf8');
    fs.rmSync(pytestResults, { force: true });
    const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
    const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
    const failed = count('failures') + count('errors');
    totals.failed += failed;
    totals.skipped += count('skipped');
    totals.passed += count('tests') - failed - count('skipped');
  } catch {
    // pytest did not get far enough to write results; its own output says why
  }
}

/** One plain closing line with the totals of every test runner that ran. */
function printTotals() {
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
}

for (const [name, command, args] of steps) {
  process.stdout.write(`\n── ${name} ──\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (name === 'jest') collectJest();
  if (name.startsWith('pytest')) collectPytest();
  if (result.status !== 0) {
    printTotals();
    process.stderr.write(`\nnpm test: step "${name}" failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status || 1);
  }
}

printTotals();
