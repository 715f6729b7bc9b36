/**
 * The house clock (DESIGN.md "One clock"): epoch milliseconds with fractions, read as
 * `performance.timeOrigin + performance.now()` so it is monotonic within a thread yet shares the
 * epoch base with every other thread. Request records, telemetry samples and server scrapes are
 * all stamped with it, which is what lets charts and reports put them on one time axis.
 *
 * It reads the clock of the thread that calls it: a loadgen worker calling it gets its own
 * `timeOrigin`, which is right (a bare `performance.now()` from a worker would be on a
 * different base). Wall-clock `Date.now()` stays only where a calendar date is the point
 * (ids, record creation dates), never for instants that are compared with samples.
 */
export function houseClock(): number {
  return performance.timeOrigin + performance.now();
}
