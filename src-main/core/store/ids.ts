import { randomBytes } from 'node:crypto';

/**
 * Time-sortable ids: a base-36 millisecond timestamp then random base-36 characters.
 * Sorting ids sorts by creation time, which keeps run folders in order on disk.
 */
export function newId(prefix = ''): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(13, '0').slice(0, 10);
  return `${prefix}${time}${random}`;
}
