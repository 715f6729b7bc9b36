import type { Threshold } from '../../../src-shared/metrics/thresholds';
import type { RequestRecord } from '../../../src-shared/schemas/request-record';
import type { RunSummary } from '../../../src-shared/schemas/run-result';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { ServerSample } from '../../../src-shared/schemas/server-sample';
import type { TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import type { InventoryFacts } from '../findings/inventory/inventory-facts';

/** One finished run at one concurrency, with what was recorded beside it. */
export interface DiagnosisProbe {
  runId: string;
  /** Closed-loop users (concurrency) the probe ran with. */
  users: number;
  summary: RunSummary;
  /** server.jsonl: one /metrics + /slots scrape per line; empty when the scrape was off. */
  serverSamples: readonly ServerSample[];
  /** telemetry.jsonl samples of the server's host; empty when telemetry was off. */
  telemetry: readonly TelemetrySample[];
  /** requests.jsonl, when it was read; per-request server timings live only here. */
  requests?: readonly RequestRecord[];
}

/** What the server said about itself (GET /props) and in its log. */
export interface ServerFacts {
  /** /props total_slots. */
  totalSlots: number | null;
  /** /props default_generation_settings.n_ctx: the context of one slot. */
  nCtxPerSlot: number | null;
  buildInfo: string | null;
  isSleeping?: boolean;
  /** The server's stderr (start-up lines at least), for the lines of diagnosis-rules.md §1.4. */
  log?: string;
}

/** llama-bench figures for the same model, build and threads (diagnosis-rules.md §0.1 pp_ref, C4). */
export interface BenchReference {
  ppTokensPerS?: number;
  /** Prompt length of the pp test, tokens: pp rates compare only at similar lengths. */
  ppPromptTokens?: number;
  tgTokensPerS?: number;
  threads?: number;
}

/** What the capacity search found; each absent when it did not (or has not yet) run. */
export interface CapacityFacts {
  capacityUsers?: number;
  /** The first load above the capacity that failed its SLO: where "what stops it" shows. */
  failUsers?: number;
  kneeUsers?: number;
  breakingUsers?: number;
}

/** Facts about the workload the probes sent. */
export interface WorkloadFacts {
  /** True when every request had a unique prefix or cache_prompt:false: any cache hit then is an artefact (C20). */
  isColdCache?: boolean;
}

/**
 * Everything the findings step reads: the probes, the host, the server and the goal. Every
 * field but the probes may be missing; a signal that needs a missing one is null with a reason.
 */
export interface DiagnosisEvidence {
  probes: readonly DiagnosisProbe[];
  inventory: InventoryFacts | null;
  server: ServerFacts;
  config: ServerConfig | null;
  /** The SLO, parsed from k6 syntax (`ttft_p95<500`) by src-shared/metrics/thresholds.ts. */
  slo: readonly Threshold[];
  /** True when the load generator ran on the server's host, sharing its CPUs (C5, C15). */
  isLoadgenOnServerHost?: boolean;
  /** Power limit of each GPU by its sample id, W (nvidia-smi power.limit): telemetry samples carry draw only. */
  gpuPowerLimitsW?: Readonly<Record<string, number>>;
  /** Maximum SM clock of each GPU by its sample id, MHz (nvidia-smi clocks.max.sm). */
  gpuMaxSmClockMhz?: Readonly<Record<string, number>>;
  bench?: BenchReference;
  capacity?: CapacityFacts;
  workload?: WorkloadFacts;
}

/**
 * The probe the rules judge: the one at the first failing load above the capacity (errors under
 * 10 %), else the one at the capacity found, else the busiest one whose errors
 * stayed under 10 % (the breaking point, issue #13), else the last. Null without probes.
 */
export function focusProbe(evidence: DiagnosisEvidence): DiagnosisProbe | null {
  const { probes, capacity } = evidence;
  if (probes.length === 0) return null;
  const errorShare = (probe: DiagnosisProbe): number => {
    const total = probe.summary.completed + probe.summary.failed;
    return total === 0 ? 1 : probe.summary.failed / total;
  };
  // "What stops it at N users" shows where the SLO broke: the last probe at the failing load, unless it was broken outright.
  const atFail = probes.filter((probe) => probe.users === capacity?.failUsers && errorShare(probe) < 0.1).at(-1);
  if (atFail !== undefined) return atFail;
  const atCapacity = probes.find((probe) => probe.users === capacity?.capacityUsers);
  if (atCapacity !== undefined) return atCapacity;
  const unbroken = probes.filter((probe) => errorShare(probe) < 0.1);
  const pool = unbroken.length > 0 ? unbroken : probes;
  return pool.reduce((best, probe) => (probe.users > best.users ? probe : best));
}
