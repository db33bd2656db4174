#!/usr/bin/env node
// `npm test`: every check a change must pass, through nx (nx.json, project.json files), which
// skips what it has already run on the same inputs and replays its output. Two stages:
//   1. checks: typecheck, lint (ESLint and the workspace dependency check), JSON Schemas up to
//      date, the dashboard's typecheck and build (what the coordinator serves and the browser
//      tests drive);
//   2. tests: jest (unit specs and integration tests), then pytest (agents/python).
// Extra arguments go to jest alone (e.g. `npm test -- libs/graph`). The last line counts the
// tests of both runners, from the reports they write (restored by nx on a cache hit).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const nx = require.resolve('nx/bin/nx.js');
const resultsDir = path.join(root, 'test-artifacts', 'results');
const jestResults = path.join(resultsDir, 'jest.json');
const pytestResults = path.join(resultsDir, 'pytest.xml');
const jestArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Tasks nx runs at once in the checks stage: the reference machine has two cores. */
const CHECKS_PARALLEL = 2;

const steps = [
  ['checks', ['run-many', '-t', 'typecheck', 'lint', 'check-schemas', 'build', `--parallel=${CHECKS_PARALLEL}`, '--nxBail', '--outputStyle=stream']],
  // One test runner at a time: jest spreads over the cores itself, and pytest starts coordinators.
  jestArgs.length === 0
    ? ['tests', ['run-many', '-t', 'test', '--parallel=1', '--nxBail', '--outputStyle=stream-without-prefixes']]
    : ['tests', ['run', 'runtime-hub:test', '--outputStyle=stream-without-prefixes', '--', ...jestArgs]],
];

function collectJest() {
  try {
    const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(fs.readFileSync(jestResults, 'utf8'));
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
    const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
    const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
    const failed = count('failures') + count('errors');
    totals.failed += failed;
    totals.skipped += count('skipped');
    totals.passed += count('tests') - failed - count('skipped');
  } catch {
    // pytest did not run (arguments for jest were given) or did not get far enough to write results
  }
}

/** One plain closing line with the totals of every test runner that ran. */
function printTotals() {
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
}

// Reports of an earlier run must not be counted as this one's.
fs.rmSync(jestResults, { force: true });
fs.rmSync(pytestResults, { force: true });
fs.mkdirSync(resultsDir, { recursive: true });
for (const [name, args] of steps) {
  process.stdout.write(`\n── ${name} ──\n`);
  const result = spawnSync(process.execPath, [nx, ...args], { cwd: root, stdio: 'inherit' });
  if (name === 'tests') {
    collectJest();
    collectPytest();
  }
  if (result.status !== 0) {
    printTotals();
    process.stderr.write(`\nnpm test: step "${name}" failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status || 1);
  }
}

printTotals();
