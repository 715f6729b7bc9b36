import { basename } from 'node:path';
import { median } from '../../../src-shared/metrics/stats/median';
import type { BenchResult } from '../../../src-shared/schemas/bench-result';
import type { DiagnosisBaseline } from '../../../src-shared/schemas/diagnosis';
import type { RequestRecord } from '../../../src-shared/schemas/request-record';

/** A bench run's results with its id, as the baseline compares them (bench-run-store.ts). */
export interface BenchCandidate {
  id: string;
  results: readonly BenchResult[];
}

export interface BaselineInputs {
  runId: string;
  /** The one-user probe's requests (its measured window). */
  requests: readonly RequestRecord[];
  /** The server's model file and -t, to find llama-bench results for the same model and threads. */
  modelPath?: string | undefined;
  threads: number | null;
  bench: readonly BenchCandidate[];
}

/**
 * Below this share of llama-bench's tg the server, not the hardware, is what is slow
 * (issue #13 step 3; a rule of thumb: llama-server's own decode runs within a few percent of
 * llama-bench's on the same build, model and threads).
 */
export const serverSlowerThanBenchShare = 0.7;

const positive = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

function clientDecodeRate(record: RequestRecord): number | null {
  if (record.ttftMs === null || record.outputTokens < 2) return null;
  const decodeMs = record.e2eMs - record.ttftMs;
  return decodeMs > 0 ? ((record.outputTokens - 1) / decodeMs) * 1000 : null;
}

/** llama-bench's pp and tg for the same model file (and -t where it ran several), from the newest run that has them. */
function benchReference(inputs: BaselineInputs): DiagnosisBaseline['bench'] {
  const model = inputs.modelPath === undefined ? undefined : basename(inputs.modelPath);
  for (const run of [...inputs.bench].reverse()) {
    const sameModel = run.results.filter((result) => model !== undefined && result.modelFilename !== null && basename(result.modelFilename) === model && result.nDepth === 0);
    const sameThreads = sameModel.filter((result) => inputs.threads === null || result.params.n_threads === inputs.threads);
    const pool = sameThreads.length > 0 ? sameThreads : sameModel;
    const pp = median(pool.filter((result) => result.nPrompt > 0 && result.nGen === 0).map((result) => result.avgTs));
    const tg = median(pool.filter((result) => result.nGen > 0 && result.nPrompt === 0).map((result) => result.avgTs));
    if (pp === null && tg === null) continue;
    return { benchRunId: run.id, threads: pool[0]?.params.n_threads ?? null, ppTokensPerS: pp, tgTokensPerS: tg };
  }
  return null;
}

function sentenceFor(decode: number | null, bench: DiagnosisBaseline['bench']): string {
  if (decode === null) return 'No request of the one-user probe finished with two or more tokens: single-stream decode speed is unknown.';
  const speed = `One user decodes at ${decode.toFixed(1)} tok/s`;
  if (bench?.tgTokensPerS == null) return `${speed}; no llama-bench run of this model is in the store to compare it with (run one from the Bench page).`;
  const share = decode / bench.tgTokensPerS;
  const against = `${Math.round(share * 100)} % of llama-bench tg ${bench.tgTokensPerS.toFixed(1)} tok/s${bench.threads === null ? '' : ` at -t ${bench.threads}`}`;
  if (share < serverSlowerThanBenchShare) return `${speed}, ${against}: the server decodes far below what the hardware does for this model, which points at the server (its flags, or other load on the host), not the hardware.`;
  return `${speed}, ${against}: the server adds little; the hardware sets the single-stream speed.`;
}

/**
 * Step 3 of a diagnosis, from the one-user probe: single-stream prefill and decode speed as the
 * server timed them (llama.cpp's timings; the client's timing where the server gives none),
 * compared with llama-bench pp/tg for the same model and threads where a bench run has them. Pure.
 */
export function summarizeBaseline(inputs: BaselineInputs): DiagnosisBaseline {
  const ok = inputs.requests.filter((record) => record.errorClass === null && record.phase !== 'warmup');
  const prefill = median(ok.flatMap((record) => (positive(record.serverPromptMs) && positive(record.promptTokens) ? [(record.promptTokens / record.serverPromptMs) * 1000] : [])));
  const serverDecode = median(ok.flatMap((record) => (positive(record.serverPredictedPerS) ? [record.serverPredictedPerS] : [])));
  const decode = serverDecode ?? median(ok.flatMap((record) => clientDecodeRate(record) ?? []));
  const bench = benchReference(inputs);
  return {
    runId: inputs.runId,
    requests: ok.length,
    prefillTokensPerS: prefill,
    decodeTokensPerS: decode,
    ttftP50Ms: median(ok.flatMap((record) => record.ttftMs ?? [])),
    tpotP50Ms: median(ok.flatMap((record) => record.tpotMs ?? [])),
    e2eP50Ms: median(ok.map((record) => record.e2eMs)),
    bench,
    sentence: sentenceFor(decode, bench),
  };
}
