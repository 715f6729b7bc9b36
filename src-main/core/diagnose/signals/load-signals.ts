import type { EvidenceSource } from '../../../../src-shared/schemas/finding';
import type { RequestRecord } from '../../../../src-shared/schemas/request-record';
import type { DiagnosisProbe } from '../evidence';
import { known, knownIfFinite, median, unknown, type Signal } from './signal';

const measuredSuccesses = (probe: DiagnosisProbe): RequestRecord[] =>
  (probe.requests ?? []).filter((record) => record.errorClass === null && (record.phase ?? 'measured') === 'measured');

const noRequests = 'the probe has no per-request records (requests.jsonl was not read)';

/** stream_tps (diagnosis-rules.md §0.1): the server's own per-request decode rate, else 1000 / client TPOT p50. */
function streamTps(probe: DiagnosisProbe, source: EvidenceSource): Signal {
  const rates = measuredSuccesses(probe).flatMap((record) => (record.serverPredictedPerS === undefined ? [] : [record.serverPredictedPerS]));
  const fromServer = median(rates);
  if (fromServer !== null) return known(fromServer, source);
  const tpot = probe.summary.tpotMs?.p50;
  return tpot !== undefined && tpot > 0 ? known(1000 / tpot, source) : unknown('neither server timings nor a client TPOT were recorded');
}

/** t_hdr (§0.1): time to response headers, which llama-server sends when prefill starts, so ≈ queue wait. */
function headersWait(probe: DiagnosisProbe, source: EvidenceSource): Signal {
  const waits = measuredSuccesses(probe).flatMap((record) => (record.headersMs === null ? [] : [record.headersMs - record.scheduledMs]));
  const fromHeaders = median(waits);
  if (fromHeaders !== null) return known(fromHeaders, source);
  return knownIfFinite(probe.summary.queueMs?.p50, source, 'no response-header times and no queue figure were recorded');
}

/** prefill_share (§0.1): Σ prompt_ms ÷ Σ (prompt_ms + predicted_ms) from the requests' timings, else from /metrics counters. */
function prefillShare(probe: DiagnosisProbe, source: EvidenceSource): Signal {
  let promptMs = 0;
  let decodeMs = 0;
  for (const record of measuredSuccesses(probe)) {
    if (record.serverPromptMs === undefined || record.serverPredictedPerS === undefined || record.serverPredictedPerS <= 0) continue;
    promptMs += record.serverPromptMs;
    decodeMs += (Math.max(1, record.outputTokens - 1) / record.serverPredictedPerS) * 1000;
  }
  if (promptMs + decodeMs > 0) return known(promptMs / (promptMs + decodeMs), source);
  const scrapes = probe.serverSamples.filter((sample) => sample.metrics !== null);
  const [first, last] = [scrapes[0]?.metrics, scrapes.at(-1)?.metrics];
  const prompt = (last?.promptSecondsTotal ?? NaN) - (first?.promptSecondsTotal ?? NaN);
  const decode = (last?.generatedSecondsTotal ?? NaN) - (first?.generatedSecondsTotal ?? NaN);
  return prompt + decode > 0 ? known(prompt / (prompt + decode), source) : unknown('no server timings per request and no prompt/decode seconds in /metrics');
}

/** The largest request a context_exceeded error named (`request (358 tokens) exceeds …`), tokens. */
function refusedRequestTokens(probe: DiagnosisProbe, source: EvidenceSource): Signal {
  if (probe.requests === undefined) return unknown(noRequests);
  const sizes = probe.requests.flatMap((record) => {
    const match = record.errorClass === 'context_exceeded' ? /request \((\d+) tokens\)/.exec(record.errorMessage ?? '') : null;
    return match === null ? [] : [Number(match[1])];
  });
  return sizes.length === 0 ? unknown('no context_exceeded error named its request size') : known(Math.max(...sizes), source);
}

/** TTFT p50 of the first requests over the rest's (C20 cold start): the first 5 % (at least 3) by scheduled instant. */
function coldStartRatio(probe: DiagnosisProbe, source: EvidenceSource): Signal {
  const timed = (probe.requests ?? []).filter((record) => record.errorClass === null && record.ttftMs !== null).sort((a, b) => a.scheduledMs - b.scheduledMs);
  const head = Math.max(3, Math.ceil(timed.length * 0.05));
  if (timed.length < head * 2) return unknown(probe.requests === undefined ? noRequests : 'too few timed requests to compare the first with the rest');
  const first = median(timed.slice(0, head).map((record) => record.ttftMs!));
  const rest = median(timed.slice(head).map((record) => record.ttftMs!));
  return first !== null && rest !== null && rest > 0 ? known(first / rest, source) : unknown('the later requests have no TTFT');
}

/** The load-side signals of one probe: rates, latencies, errors, the generator's own health. */
export function loadSignals(probe: DiagnosisProbe): Record<string, Signal> {
  const source: EvidenceSource = { kind: 'run', id: probe.runId };
  const { summary } = probe;
  const attempts = summary.completed + summary.failed;
  const ttftP50 = summary.ttftMs.count > 0 ? summary.ttftMs.p50 : null;
  const tHdr = headersWait(probe, source);
  const outputs = measuredSuccesses(probe).map((record) => record.outputTokens);
  const health = summary.clientHealth;
  return {
    users: known(probe.users, source),
    aggTps: known(summary.outputTokensPerS, source),
    streamTps: streamTps(probe, source),
    ttftP50Ms: knownIfFinite(ttftP50, source, 'no request reached its first token'),
    ttftP95Ms: knownIfFinite(summary.ttftMs.count > 0 ? summary.ttftMs.p95 : null, source, 'no request reached its first token'),
    tHdrMs: tHdr,
    queueShare: tHdr.value !== null && ttftP50 !== null && ttftP50 > 0 ? known(Math.min(1, tHdr.value / ttftP50), source) : unknown('needs t_hdr and a TTFT'),
    prefillShare: prefillShare(probe, source),
    errorRate: attempts > 0 ? known(summary.failed / attempts, source) : unknown('no request finished'),
    contextExceededRate: attempts > 0 ? known((summary.errorsByClass['context_exceeded'] ?? 0) / attempts, source) : unknown('no request finished'),
    refusedRequestTokens: refusedRequestTokens(probe, source),
    outputTokensMax: outputs.length > 0 ? known(Math.max(...outputs), source) : unknown(probe.requests === undefined ? noRequests : 'no request succeeded'),
    coldStartTtftRatio: coldStartRatio(probe, source),
    generatorBusy: health === undefined ? unknown('the run summary has no client health') : known(Math.max(health.busiestWorkerBusyFraction, health.parentBusyFraction, health.processCpuFraction), source),
  };
}
