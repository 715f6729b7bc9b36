import type { ServerDerived, ServerMetricsReading, SlotReading } from '../../../src-shared/schemas/server-sample';

/** What one scrape read, before derivation. */
export interface ScrapeReading {
  /** House clock (epoch ms) when the scrape started. */
  t: number;
  metrics: ServerMetricsReading | null;
  slots: SlotReading[] | null;
  /** llama.cpp's `Process-Start-Time-Unix` header: it changes when the server restarts. */
  startMarker: string | null;
}

export interface DeriveContext {
  previous: ScrapeReading | null;
  /** `total_slots` from /props, used when /slots is disabled. */
  totalSlotsHint: number | null;
}

const counterNames = ['promptTokensTotal', 'promptSecondsTotal', 'generatedTokensTotal', 'generatedSecondsTotal'] as const;

/**
 * Derives the chart figures from one scrape and the one before it (pure). Gauges come as read;
 * rates are counter deltas over the wall time between scrapes — never the servers' own
 * `*_seconds` gauges, whose window is "since anyone last scraped" (reference §2.2). When the
 * server restarted between the two scrapes (a counter went back, or its start marker changed),
 * no rate is derived for that interval.
 */
export function deriveServerFigures(current: ScrapeReading, context: DeriveContext): { derived: ServerDerived; restarted: boolean } {
  const previous = context.previous;
  const restarted = previous !== null && hasRestarted(previous, current);
  const elapsedS = previous === null ? 0 : (current.t - previous.t) / 1000;
  const canRate = previous !== null && !restarted && elapsedS > 0;
  const delta = (name: (typeof counterNames)[number]): number | null => {
    const before = previous?.metrics?.[name];
    const after = current.metrics?.[name];
    return canRate && typeof before === 'number' && typeof after === 'number' ? after - before : null;
  };
  const perSecond = (value: number | null): number | null => (value === null ? null : value / elapsedS);
  const promptTokens = delta('promptTokensTotal');
  const promptSeconds = delta('promptSecondsTotal');
  const occupancy = slotOccupancy(current, context.totalSlotsHint);
  const kv = kvUse(current);
  return {
    restarted,
    derived: {
      ...occupancy,
      waiting: current.metrics?.waiting ?? null,
      kvCacheUsage: kv.value,
      kvCacheSource: kv.source,
      promptTokensPerS: perSecond(promptTokens),
      prefillTokensPerS: promptTokens !== null && promptSeconds !== null && promptSeconds > 0 ? promptTokens / promptSeconds : null,
      generatedTokensPerS: perSecond(generatedDelta(previous, current, delta('generatedTokensTotal'))),
      slotDecodeTokensPerS: canRate ? perSecond(slotDecodeDelta(previous.slots, current.slots)) : null,
    },
  };
}

function hasRestarted(previous: ScrapeReading, current: ScrapeReading): boolean {
  if (previous.startMarker !== null && current.startMarker !== null && previous.startMarker !== current.startMarker) return true;
  return counterNames.some((name) => {
    const before = previous.metrics?.[name];
    const after = current.metrics?.[name];
    return typeof before === 'number' && typeof after === 'number' && after < before;
  });
}

/** Busy and total slots: from /slots when it answered, else llama.cpp's requests_processing over /props' total_slots. */
function slotOccupancy(current: ScrapeReading, totalSlotsHint: number | null): Pick<ServerDerived, 'slotsTotal' | 'slotsBusy' | 'slotUse'> {
  const slotsTotal = current.slots !== null ? current.slots.length : totalSlotsHint;
  const slotsBusy = current.slots !== null ? current.slots.filter((slot) => slot.isProcessing).length : (current.metrics?.running ?? null);
  const slotUse = slotsTotal !== null && slotsTotal > 0 && slotsBusy !== null ? Math.min(1, slotsBusy / slotsTotal) : null;
  return { slotsTotal, slotsBusy, slotUse };
}

/**
 * KV-cache use: the server's own gauge when it has one, else tokens held by the slots over the
 * sum of their contexts. With a unified KV cache every slot reports the whole pool as its
 * n_ctx, so the /slots figure then understates use by up to the slot count.
 */
function kvUse(current: ScrapeReading): { value: number | null; source: ServerDerived['kvCacheSource'] } {
  const gauge = current.metrics?.kvCacheUsage ?? null;
  if (gauge !== null) return { value: gauge, source: 'metrics' };
  const slots = current.slots;
  if (slots === null || slots.length === 0 || slots.some((slot) => slot.nCtx === null || slot.nCtx === 0)) return { value: null, source: null };
  const capacity = slots.reduce((sum, slot) => sum + (slot.nCtx ?? 0), 0);
  const held = slots.reduce((sum, slot) => sum + (slot.cachedTokens ?? 0), 0);
  return { value: Math.min(1, held / capacity), source: 'slots' };
}

/**
 * Tokens generated since the previous scrape. llama.cpp adds a request's tokens to its counter
 * only when the request ends (reference §2.2), so the counter alone jumps; adding the tokens of
 * the requests still decoding (busy slots' n_decoded) to both ends gives what was decoded in
 * between: Δ(counter + in progress). Without /slots, the counter alone.
 */
function generatedDelta(previous: ScrapeReading | null, current: ScrapeReading, counterDelta: number | null): number | null {
  if (counterDelta === null) return null;
  const before = inProgressTokens(previous?.slots ?? null);
  const after = inProgressTokens(current.slots);
  return before === null || after === null ? counterDelta : Math.max(0, counterDelta + after - before);
}

function inProgressTokens(slots: readonly SlotReading[] | null): number | null {
  if (slots === null) return null;
  return slots.reduce((sum, slot) => sum + (slot.isProcessing ? (slot.decoded ?? 0) : 0), 0);
}

/**
 * Tokens the slots decoded since the previous scrape, from each slot's per-task `n_decoded`:
 * the difference for a slot still on the same task, the whole count for a slot on a new task
 * (what the old task decoded after the previous scrape is not visible, so this can undercount).
 */
export function slotDecodeDelta(previous: readonly SlotReading[] | null, current: readonly SlotReading[] | null): number | null {
  if (previous === null || current === null) return null;
  const before = new Map(previous.map((slot) => [slot.id, slot]));
  let total = 0;
  let known = false;
  for (const slot of current) {
    if (slot.decoded === null) continue;
    known = true;
    const earlier = before.get(slot.id);
    const sameTask = earlier !== undefined && earlier.taskId === slot.taskId && earlier.decoded !== null;
    total += sameTask ? Math.max(0, slot.decoded - earlier.decoded!) : slot.decoded;
  }
  return known ? total : null;
}
