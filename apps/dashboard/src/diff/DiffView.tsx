import type { VersionDiff } from '../api/workflow.views';
import { presentDiff } from './diff-presentation';

const MARK = { added: '+', removed: '−', changed: '~', moved: '↔' } as const;

/** A version diff as sections of added, removed, changed and moved lines. */
export function DiffView({ diff }: { diff: VersionDiff }) {
  const presentation = presentDiff(diff);
  return (
    <div className="diff" data-testid="version-diff">
      <p className="diff-summary">
        <strong>
          v{diff.from} → v{diff.to}:
        </strong>{' '}
        {presentation.summary}
      </p>
      {presentation.sections.map((section) => (
        <section key={section.title} className="diff-section">
          <h4>{section.title}</h4>
          <ul>
            {section.lines.map((line, index) => (
              <li key={`${line.subject}:${index}`} className={`diff-line diff-${line.kind}`}>
                <span className="diff-mark" aria-label={line.kind}>
                  {MARK[line.kind]}
                </span>
                <div>
                  <span className="diff-subject">{line.subject}</span>
                  {line.kind === 'moved' && <span className="muted small"> moved on the canvas</span>}
                  {line.details.map((detail) => (
                    <div key={detail} className="diff-detail">
                      {detail}
                    </div>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
