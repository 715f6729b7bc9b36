/**
 * Rules of thumb: every line a finding rule compares recorded evidence with. They are
 * judgement, not measured limits, so they live in this one table where a reviewer can
 * argue with them, and each rule's evidence carries the line it used.
 */
export const rulesOfThumb = {
  /** A load generator thread busier than this (event-loop utilisation, 0..1) makes requests wait for it. */
  loadgenThreadBusyFraction: 0.85,
  /** A generator event loop this late at p99 (ms) puts its own delay inside every timing. */
  loadgenLoopLagP99Ms: 20,
  /** The parent thread merging snapshots and writing files, busier than this (0..1), falls behind. */
  loadgenMergingThreadBusyFraction: 0.85,
  /** The generator's CPU time over the usable cores (0..1) past which it competes with a server on the same machine. */
  loadgenProcessCpuFraction: 0.9,
  /** Swap in use past this (bytes) suggests the model's weights page in and out. */
  swapInUseBytes: 256 * 1024 ** 2,
  /** Throttled cgroup periods past this count mean the CPU quota bit at least once. */
  cgroupThrottledPeriods: 0,
} as const;
