import type { CapacityProbe, ProbeStage } from '../../../../src-shared/schemas/capacity';
import type { RequestRecord } from '../../../../src-shared/schemas/request-record';
import { judgedRequests, quantile, requestValueMs } from './attainment';
import { judgeProbe, type JudgeOptions } from './probe-verdict';

export interface ProbeContext extends JudgeOptions {
  users: number;
  stage: ProbeStage;
  /** Wall time of the whole probe, warm-up included (what the search's budget counts). */
  durationS: number;
  /** Length of the measured window; when absent, the span of the judged requests (first scheduled to last end). */
  measuredS?: number;
  runId?: string;
}

/**
 * One probe as the capacity search records it: its judgement (judgeProbe) and the figures the
 * curve and the statement reuse (throughput, goodput, median TTFT and TPOT, error rate), all
 * over the judged requests only (measured window, cancelled ones left out).
 */
export function summarizeProbe(records: readonly RequestRecord[], context: ProbeContext): CapacityProbe {
  const requests = judgedRequests(records);
  const judgement = judgeProbe(records, context);
  const succeeded = requests.filter((record) => record.errorClass === null);
  const windowS = context.measuredS ?? spanS(requests);
  const perS = (count: number): number => (windowS > 0 ? count / windowS : 0);
  const latencySlos = context.slos.filter((slo) => slo.metric !== 'error_rate');
  const good = succeeded.filter((record) => latencySlos.every((slo) => meets(record, slo))).length;
  return {
    users: context.users,
    stage: context.stage,
    judgement,
    requests: requests.length,
    durationS: context.durationS,
    requestsPerS: perS(succeeded.length),
    outputTokensPerS: perS(succeeded.reduce((sum, record) => sum + record.outputTokens, 0)),
    goodRequestsPerS: perS(good),
    ttftP50Ms: quantile(valuesOf(succeeded, 'ttft'), 0.5),
    tpotP50Ms: quantile(valuesOf(succeeded, 'tpot'), 0.5),
    errorRate: requests.length === 0 ? 0 : (requests.length - succeeded.length) / requests.length,
    ...(context.runId === undefined ? {} : { runId: context.runId }),
  };
}

function spanS(requests: readonly RequestRecord[]): number {
  if (requests.length === 0) return 0;
  const start = Math.min(...requests.map((record) => record.scheduledMs));
  const end = Math.max(...requests.map((record) => record.endMs));
  return (end - start) / 1000;
}

function valuesOf(records: readonly RequestRecord[], metric: 'ttft' | 'tpot'): number[] {
  return records.map((record) => requestValueMs(record, metric)).filter((value): value is number => value !== null);
}

function meets(record: RequestRecord, slo: JudgeOptions['slos'][number]): boolean {
  if (slo.metric === 'error_rate') return true;
  const value = requestValueMs(record, slo.metric);
  return value === null || (slo.isInclusive ? value <= slo.limit : value < slo.limit);
}
