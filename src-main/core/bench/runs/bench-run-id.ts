import { randomBytes } from 'node:crypto';

let lastMs = 0;

/**
 * A new bench run id: `b` then the creation time in base-36 milliseconds (zero-padded, so ids
 * sort by time as text) then 8 random base-36 characters; only [a-z0-9] are used. Within one
 * process the time part never repeats or goes back, so ids made in the same millisecond, or
 * after a clock step back, still sort in creation order.
 * TODO(#6): share the store's id helper once the store exposes one for every run kind.
 */
export function newBenchRunId(nowMs: number = Date.now()): string {
  lastMs = Math.max(Math.floor(nowMs), lastMs + 1);
  const time = lastMs.toString(36).padStart(9, '0');
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(8, '0').slice(-8);
  return `b${time}${random}`;
}
