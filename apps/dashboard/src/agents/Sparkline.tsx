import { sparklinePath } from './sparkline';

const BOX = { width: 120, height: 28, padding: 2 };

/** A metric's recent values as a small line, with its latest value. */
export function Sparkline({ name, values, latest }: { name: string; values: readonly number[]; latest: number }) {
  return (
    <figure className="sparkline" aria-label={`${name}: latest ${latest}`}>
      <svg width={BOX.width} height={BOX.height} viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img">
        <path d={sparklinePath(values, BOX)} fill="none" stroke="currentColor" strokeWidth={1.5} />
      </svg>
      <figcaption>
        <span className="muted">{name}</span> {Number.isInteger(latest) ? latest : latest.toFixed(2)}
      </figcaption>
    </figure>
  );
}
