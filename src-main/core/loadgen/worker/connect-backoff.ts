/**
 * How long a closed-loop user waits before its next attempt while the server refuses
 * connections. Without a wait a refused connect on loopback ends in well under a millisecond,
 * so each user would retry hundreds of times a second and fill the run folder with error
 * records. The wait starts at 50 ms and doubles up to a 2 s cap; equal jitter (half of it
 * fixed, half random) keeps the users of a run from coming back in lockstep while giving every
 * wait a floor, which is what bounds the attempts one outage can draw.
 */
export const connectBackoff = { firstDelayMs: 50, maxDelayMs: 2000 } as const;

/** The ceiling of the wait after `refusals` refusals in a row (≥ 1): 50, 100, 200 … 2000 ms. */
function ceilingMs(refusals: number): number {
  const doublings = Math.min(30, Math.max(0, refusals - 1));
  return Math.min(connectBackoff.maxDelayMs, connectBackoff.firstDelayMs * 2 ** doublings);
}

/**
 * The wait (ms) before the next attempt of a user whose last `refusals` attempts were refused;
 * `random` in [0, 1). Always between half the ceiling and the ceiling.
 */
export function connectBackoffDelayMs(refusals: number, random: number): number {
  const ceiling = ceilingMs(refusals);
  return ceiling / 2 + (ceiling / 2) * Math.min(1, Math.max(0, random));
}

/** The shortest wait the jitter allows after `refusals` refusals in a row. */
export function minConnectBackoffDelayMs(refusals: number): number {
  return ceilingMs(refusals) / 2;
}

/**
 * The most attempts one user can make inside an outage of `outageMs`: its first refused
 * attempt, then one more after each wait, every wait at least its floor. A bound to test
 * against and to explain a run with, not a prediction.
 */
export function maxRefusedAttemptsWithin(outageMs: number): number {
  let attempts = 1;
  let elapsedMs = minConnectBackoffDelayMs(1);
  while (elapsedMs <= outageMs) {
    attempts += 1;
    elapsedMs += minConnectBackoffDelayMs(attempts);
  }
  return attempts;
}
