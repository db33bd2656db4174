import branches from '../../../tests/fixtures/graph/branches.workflow.json';
import clearTemp from '../../../tests/fixtures/graph/clear-temp.workflow.json';
import everyProblemExpected from '../../../tests/fixtures/graph/every-problem.expected.json';
import everyProblem from '../../../tests/fixtures/graph/every-problem.workflow.json';
import type { NodeRunState } from './planner';
import { plan } from './planner';
import { linesOf, problemsOf } from './testing/problems';
import { TEST_CATALOGUE } from './testing/test-catalogue';
import { validate } from './validate';
import { PROBLEM_CODES } from './validation.types';

describe('shared workflow fixtures (tests/fixtures/graph)', () => {
  it('accepts the design example', () => {
    expect(problemsOf(clearTemp)).toEqual([]);
  });

  it('reports exactly the expected problems of every-problem, which covers every problem code', () => {
    // ACT
    const lines = linesOf(everyProblem);
    const codes = new Set(problemsOf(everyProblem).map((problem) => problem.code));
    // ASSERT
    expect(lines).toEqual(everyProblemExpected);
    expect([...codes].sort()).toEqual([...PROBLEM_CODES].sort());
  });

  it('runs the branches fixture: the false branch rejoins, the archive branch is skipped', () => {
    /*
     *   list ──> check ─[true]──> archive ──────────┐
     *                  │          archive ─[error]─> alert
     *                  └─[false]─> report ──────────┴──> done (join any)
     */
    // ARRANGE
    const result = validate(branches, TEST_CATALOGUE);
    if (!result.ok) throw new Error(`branches fixture is invalid: ${JSON.stringify(result.problems)}`);
    const states = new Map<string, NodeRunState>([
      ['list', { status: 'succeeded' }],
      ['check', { status: 'succeeded', port: 'false' }],
    ]);
    // ACT
    const afterCheck = plan(result.graph, states);
    states.set('report', { status: 'succeeded' });
    for (const id of afterCheck.skipped) states.set(id, { status: 'skipped' });
    const afterReport = plan(result.graph, states);
    states.set('done', { status: 'succeeded' });
    const end = plan(result.graph, states);
    // ASSERT
    expect(afterCheck).toEqual({ ready: ['report'], skipped: ['archive', 'alert'], outcome: null });
    expect(afterReport.ready).toEqual(['done']);
    expect(end.outcome).toEqual({ status: 'succeeded', failedNodes: [] });
  });
});
