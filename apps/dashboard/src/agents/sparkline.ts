/**
 * An SVG path for a small line chart of a series, scaled to fill `width` x `height` (minus
 * `padding` on every side). Pure; fewer than two points draw nothing.
 */
export interface SparklineBox {
  readonly width: number;
  readonly height: number;
  readonly padding: number;
}

export function sparklinePath(values: readonly number[], box: SparklineBox): string {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length < 2) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min;
  const innerWidth = box.width - 2 * box.padding;
  const innerHeight = box.height - 2 * box.padding;
  const step = innerWidth / (finite.length - 1);
  return finite
    .map((value, index) => {
      const x = box.padding + index * step;
      // A flat series sits in the middle rather than on an edge.
      const ratio = span === 0 ? 0.5 : (value - min) / span;
      const y = box.padding + innerHeight * (1 - ratio);
      return `${index === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`;
    })
    .join(' ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
