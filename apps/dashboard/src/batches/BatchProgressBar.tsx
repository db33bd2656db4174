import type { BatchProgress } from '@runtime-hub/protocol';
import { progressSegments, progressText } from './batch-form';

/** Done, failed, cancelled, running and waiting of N, as one bar and one line. */
export function BatchProgressBar({ progress }: { progress: BatchProgress }) {
  return (
    <div className="batch-progress" data-testid="batch-progress" data-done={progress.succeeded} data-failed={progress.failed} data-total={progress.total}>
      <div className="progress-bar" role="img" aria-label={progressText(progress)}>
        {progressSegments(progress).map((segment) => (
          <span key={segment.state} className={`progress-segment segment-${segment.state}`} style={{ width: `${segment.percent}%` }} />
        ))}
      </div>
      <span className="small muted">{progressText(progress)}</span>
    </div>
  );
}
