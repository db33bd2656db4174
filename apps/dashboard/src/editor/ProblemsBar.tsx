import { useState } from 'react';
import type { EditorProblems } from './editor-problems';

/**
 * Under the canvas: whether the workflow is valid, and every problem on demand. A valid
 * workflow with nodes no known agent can take says so rather than "ready to run".
 */
export function ProblemsBar({ problems }: { problems: EditorProblems }) {
  const [open, setOpen] = useState(false);
  const count = problems.all.length;
  const warningCount = problems.warnings.length;
  if (count === 0 && warningCount === 0) {
    return (
      <div className="problems-bar problems-none" data-testid="problems-bar" data-count={0} data-warnings={0}>
        <span className="problems-icon" aria-hidden="true">
          ✓
        </span>
        Valid: ready to save and run
      </div>
    );
  }
  const listed = count > 0 ? problems.all : problems.warnings;
  const summary =
    count > 0
      ? `${count} problem${count === 1 ? '' : 's'} to fix before saving`
      : `Valid, but ${warningCount === 1 ? 'a node' : `${warningCount} nodes`} cannot run on any known agent`;
  return (
    <div className={`problems-bar ${count > 0 ? 'problems-some' : 'problems-warnings'}${open ? ' open' : ''}`} data-testid="problems-bar" data-count={count} data-warnings={warningCount}>
      <button type="button" className="problems-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="problems-icon" aria-hidden="true">
          !
        </span>
        {summary}
        <span className="problems-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open && (
        <ul className="problems-list">
          {listed.map((problem, index) => (
            <li key={`${index}:${problem}`}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
