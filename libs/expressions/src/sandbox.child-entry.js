// Entry point of a sandbox process. A forked process does not inherit its parent's require
// hooks, so it registers the same TypeScript hook every process of this repository runs
// under (bin/register-ts.js) before loading the sandbox itself.
require('../../../bin/register-ts');
require('./sandbox.child.ts');
