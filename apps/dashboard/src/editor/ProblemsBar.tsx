import { useState } from 'react';
import type { EditorProblems } from './editor-problems';

/** Under the canvas: whether the workflow is valid, and every problem on demand. */
export function ProblemsBar({ problems }: { problems: EditorProblems }) {
  const [open, setOpen] = useState(false);
  const count = problems.all.length;
  if (count === 0) {
    return (
      <div className="problems-bar problems-none" data-testid="problems-bar" data-count={0}>
        <span className="problems-icon" aria-hidden="true">
          ✓
        </span>
        Valid: ready to save and run
      </div>
    );
  }
  return (
    <div className={`problems-bar problems-some${open ? ' open' : ''}`} data-testid="problems-bar" data-count={count}>
      <button type="button" className="problems-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="problems-icon" aria-hidden="true">
          !
        </span>
        {count} problem{count === 1 ? '' : 's'} to fix before saving
        <span className="problems-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open && (
        <ul className="problems-list">
          {problems.all.map((problem, index) => (
            <li key={`${index}:${problem}`}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
