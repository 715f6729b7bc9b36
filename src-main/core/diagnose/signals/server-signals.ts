import { steadyScrapes } from './load-window';
import type { EvidenceSource } from '../../../../src-shared/schemas/finding';
import type { ServerSample } from '../../../../src-shared/schemas/server-sample';
import type { DiagnosisEvidence, DiagnosisProbe } from '../evidence';
import { known, mean, unknown, type Signal } from './signal';

/** Scrapes after the first: the first window is warm-up (diagnosis-rules.md §0.4). */

const running = (sample: ServerSample): number | null => sample.metrics?.running ?? sample.derived.slotsBusy;
const waiting = (sample: ServerSample): number | null => sample.metrics?.waiting ?? sample.derived.waiting;
const present = (values: ReadonlyArray<number | null>): number[] => values.filter((value): value is number => value !== null);

/** np: /props total_slots, else what /slots listed, else the configuration's -np when it is explicit. */
function slotCount(evidence: DiagnosisEvidence, probe: DiagnosisProbe): Signal {
  if (evidence.server.totalSlots !== null && evidence.server.totalSlots > 0) return known(evidence.server.totalSlots, { kind: 'config' });
  const listed = probe.serverSamples.find((sample) => sample.derived.slotsTotal !== null)?.derived.slotsTotal;
  if (listed !== undefined && listed !== null && listed > 0) return known(listed, { kind: 'run', id: probe.runId });
  const parallel = evidence.config?.flags['parallel'];
  return typeof parallel === 'number' && parallel > 0 ? known(parallel, { kind: 'config' }) : unknown('neither /props nor /slots nor an explicit -np gave the slot count');
}

/** The slot context the server gives one request (n_ctx of /props, else of /slots). */
function slotContext(evidence: DiagnosisEvidence, probe: DiagnosisProbe): Signal {
  if (evidence.server.nCtxPerSlot !== null && evidence.server.nCtxPerSlot > 0) return known(evidence.server.nCtxPerSlot, { kind: 'config' });
  const fromSlots = probe.serverSamples.flatMap((sample) => sample.slots ?? []).find((slot) => slot.nCtx !== null)?.nCtx;
  return fromSlots !== undefined && fromSlots !== null ? known(fromSlots, { kind: 'run', id: probe.runId }) : unknown('neither /props nor /slots gave n_ctx');
}

/** ctx_fill (§0.1): the fullest slot, tokens held over its context, over the steady scrapes. */
function contextFill(scrapes: readonly ServerSample[], source: EvidenceSource): Signal {
  const fills = scrapes.flatMap((sample) => (sample.slots ?? []).flatMap((slot) => (slot.nCtx && slot.cachedTokens !== null ? [slot.cachedTokens / slot.nCtx] : [])));
  return fills.length === 0 ? unknown('/slots was not scraped, or gave no context figures') : known(Math.max(...fills), source);
}

/** Prompt tokens served from the server's cache over the probe (Δ prompt_tokens_cached_total), for C20. */
function cachedPromptTokens(probe: DiagnosisProbe, source: EvidenceSource): Signal {
  const readings = probe.serverSamples.flatMap((sample) => (sample.metrics?.cachedPromptTokensTotal ?? null) === null || sample.restarted ? [] : [sample.metrics!.cachedPromptTokensTotal!]);
  if (readings.length < 2) return unknown('/metrics did not give prompt_tokens_cached_total at two scrapes');
  return known(Math.max(0, readings.at(-1)! - readings[0]!), source);
}

/** The server-side signals of one probe: slots, occupancy, the deferred queue, batch width, context use. */
export function serverSignals(evidence: DiagnosisEvidence, probe: DiagnosisProbe): Record<string, Signal> {
  const source: EvidenceSource = { kind: 'run', id: probe.runId };
  const scrapes = steadyScrapes(probe);
  const slots = slotCount(evidence, probe);
  const runningValues = present(scrapes.map(running));
  const waitingValues = present(scrapes.map(waiting));
  const noScrape = 'no steady-state scrape of /metrics or /slots';
  const meanRunning = mean(runningValues);
  const busyWidths = runningValues.filter((value) => value > 0);
  return {
    slots,
    slotContext: slotContext(evidence, probe),
    occupancy: meanRunning === null ? unknown(noScrape) : slots.value === null ? unknown('the slot count is unknown') : known(Math.min(1, meanRunning / slots.value), source),
    deferredFrac: waitingValues.length === 0 ? unknown(noScrape) : known(waitingValues.filter((value) => value > 0).length / waitingValues.length, source),
    lServer: runningValues.length === 0 || waitingValues.length === 0 ? unknown(noScrape) : known(mean(runningValues)! + mean(waitingValues)!, source),
    busyWin: unknown('the scrape does not record llamacpp:n_decode_total, so busy slots per decode cannot be windowed (diagnosis-rules.md §0.1)'),
    batchWidth: busyWidths.length === 0 ? unknown('no scrape saw a request processing') : known(mean(busyWidths)!, source),
    ctxFill: contextFill(scrapes, source),
    cachedPromptTokens: cachedPromptTokens(probe, source),
  };
}
