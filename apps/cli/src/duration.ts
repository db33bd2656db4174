/**
 * Durations on the command line (`--expires 1h`): a whole number followed by a unit, s, m, h,
 * d or w. A bare number is refused: "10" could mean seconds or minutes, and a token that
 * expires a thousand times sooner or later than meant is a security problem either way.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds of `text`; throws an Error saying what is accepted. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhdw])$/.exec(text.trim());
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount <= 0 || !Number.isSafeInteger(amount * UNIT_MS[match[2]!]!)) {
    throw new Error(`"${text}" is not a duration: expected a whole number above 0 and a unit, s, m, h, d or w (e.g. 30m, 1h, 7d)`);
  }
  return amount * UNIT_MS[match[2]!]!;
}
