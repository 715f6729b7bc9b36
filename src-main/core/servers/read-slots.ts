import type { SlotReading } from '../../../src-shared/schemas/server-sample';
import { serverParseError } from './server-parse-error';

const wholeOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

/**
 * llama-server's `GET /slots` (reference §2.3): an array with one object per slot. Slots that
 * never ran carry only id, n_ctx, speculative and is_processing. `next_token` is an array of one
 * object in v0.5.0 and a plain object in 2024 builds; builds before Nov 2024 had a numeric
 * `state` (0 = idle) instead of `is_processing`. Throws a parse_error for anything else.
 */
export function readSlotsText(text: string): SlotReading[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw serverParseError({ endpoint: '/slots', text, why: 'not JSON' });
  }
  if (!Array.isArray(value)) throw serverParseError({ endpoint: '/slots', text, why: 'not an array of slots' });
  return value.map((slot, index) => {
    const reading = readSlot(slot);
    if (typeof reading === 'string') throw serverParseError({ endpoint: '/slots', text, why: `slot ${index}: ${reading}` });
    return reading;
  });
}

function readSlot(value: unknown): SlotReading | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const slot = value as Record<string, unknown>;
  const id = wholeOrNull(slot.id);
  if (id === null) return 'no numeric "id"';
  let isProcessing: boolean;
  if (typeof slot.is_processing === 'boolean') isProcessing = slot.is_processing;
  else if (typeof slot.state === 'number') isProcessing = slot.state !== 0;
  else return 'neither "is_processing" nor "state"';
  const nextToken = Array.isArray(slot.next_token) ? (slot.next_token[0] as unknown) : slot.next_token;
  const decoded = typeof nextToken === 'object' && nextToken !== null ? wholeOrNull((nextToken as Record<string, unknown>).n_decoded) : null;
  const taskId = typeof slot.id_task === 'number' && Number.isInteger(slot.id_task) ? slot.id_task : typeof slot.task_id === 'number' && Number.isInteger(slot.task_id) ? slot.task_id : null;
  return {
    id,
    nCtx: wholeOrNull(slot.n_ctx),
    isProcessing,
    taskId,
    cachedTokens: wholeOrNull(slot.n_prompt_tokens) ?? wholeOrNull(slot.n_past),
    decoded,
  };
}

/** `total_slots` from llama-server's `GET /props`, for when /slots is disabled. */
export function readTotalSlots(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const total = wholeOrNull((value as Record<string, unknown>).total_slots);
  return total !== null && total > 0 ? total : null;
}
