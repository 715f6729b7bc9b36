/** How reconnect attempts are spaced. */
export interface BackoffPolicy {
  /** Delay before the first attempt after a drop. */
  initialDelayMs: number;
  /** The delay doubles per attempt up to this. */
  maxDelayMs: number;
  /** Give up (state `failed`) after this many attempts; Infinity = keep trying. */
  maxAttempts: number;
}

/** 0.5 s, 1 s, 2 s … up to 15 s between attempts, forever: a host being rebooted comes back. */
export const defaultBackoff: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 15_000, maxAttempts: Number.POSITIVE_INFINITY };

/**
 * Delay before reconnect attempt `attempt` (1-based): initial × 2^(attempt−1), capped. No
 * jitter: one client per host, so there is no herd to spread out, and tests stay exact.
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}
