/**
 * Samples without labels from the Prometheus text exposition format (`name value` lines),
 * which is all the bench reads from a coordinator's /metrics. Pure.
 */
export function unlabelledSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)\s+(\S+)(?:\s+\d+)?$/.exec(line.trim());
    if (!match?.[1] || match[2] === undefined) continue;
    const value = Number(match[2]);
    if (!Number.isNaN(value)) samples.set(match[1], value);
  }
  return samples;
}
