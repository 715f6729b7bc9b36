import { parseThresholds } from '../../../../src-shared/metrics/thresholds';
import type { Diagnosis } from '../../../../src-shared/schemas/diagnosis';
import { diagnose } from '../diagnose';
import type { DiagnosisContext, StepOutcome } from '../diagnosis-context';
import type { DiagnosisEvidence, DiagnosisProbe } from '../evidence';
import { readProbe } from '../probe-run';
import { readServerConfig } from '../server-config-source';

/** Every probe of the diagnosis read back from its run, with what was recorded beside it. */
async function probesOf(diagnosis: Diagnosis, context: DiagnosisContext): Promise<DiagnosisProbe[]> {
  const probes = diagnosis.capacity?.search.probes ?? [];
  const read = await Promise.all(
    probes.map(async (probe): Promise<DiagnosisProbe | null> => {
      if (probe.runId === undefined) return null;
      const recorded = await readProbe(context.probes, probe.runId);
      if (recorded.record.summary === undefined) return null;
      return { runId: probe.runId, users: probe.users, summary: recorded.record.summary, serverSamples: recorded.server, telemetry: recorded.telemetry, requests: recorded.requests };
    }),
  );
  return read.filter((probe): probe is DiagnosisProbe => probe !== null);
}

/** The evidence the rules read: the probes, the host, the server, the goal and what the earlier steps found. */
async function gatherEvidence(diagnosis: Diagnosis, context: DiagnosisContext): Promise<DiagnosisEvidence> {
  const [probes, inventory, { config }] = await Promise.all([probesOf(diagnosis, context), context.host?.inventory() ?? null, readServerConfig(context)]);
  const { preflight, baseline, capacity } = diagnosis;
  const knee = capacity?.knee?.users;
  return {
    probes,
    inventory,
    server: { totalSlots: preflight?.totalSlots ?? null, nCtxPerSlot: preflight?.contextPerSlot ?? null, buildInfo: preflight?.build ?? null },
    config,
    slo: parseThresholds(diagnosis.goal.slo).thresholds,
    isLoadgenOnServerHost: context.host?.isLoadgenHost ?? false,
    ...(baseline?.bench == null
      ? {}
      : { bench: { ...(baseline.bench.ppTokensPerS === null ? {} : { ppTokensPerS: baseline.bench.ppTokensPerS }), ...(baseline.bench.tgTokensPerS === null ? {} : { tgTokensPerS: baseline.bench.tgTokensPerS }), ...(baseline.bench.threads === null ? {} : { threads: baseline.bench.threads }) } }),
    capacity: {
      ...(capacity?.result === undefined ? {} : { capacityUsers: capacity.result.capacityUsers }),
      ...(capacity?.result?.failUsers == null ? {} : { failUsers: capacity.result.failUsers }),
      ...(knee == null ? {} : { kneeUsers: Math.round(knee) }),
      ...(capacity?.breaking?.users == null ? {} : { breakingUsers: capacity.breaking.users }),
    },
  };
}

/**
 * Steps 5 and 6: the signals of diagnosis-rules.md §0.1 from the probes, the telemetry, the server
 * samples and the inventory; every rule; the triage verdict (primary and secondary bottlenecks,
 * or "the hardware is the limit"); ranked exact flag changes and the settings already right.
 */
export async function findingsStep(diagnosis: Diagnosis, context: DiagnosisContext): Promise<StepOutcome> {
  const conclusion = diagnose(await gatherEvidence(diagnosis, context));
  if (conclusion === null) return { diagnosis, summary: 'no probe finished, so there is no evidence to judge' };
  return { diagnosis: { ...diagnosis, conclusion }, summary: conclusion.verdict.sentence };
}

/** Step 6's line: the recommendations were ranked with the findings; this says what they are. */
export function recommendationsSummary(diagnosis: Diagnosis): string {
  const recommendations = diagnosis.conclusion?.recommendations ?? [];
  const right = diagnosis.conclusion?.alreadyRight.length ?? 0;
  if (recommendations.length === 0) return `no flag change to recommend; ${right} setting${right === 1 ? '' : 's'} already right`;
  const first = recommendations[0]!;
  return `${recommendations.length} recommendation${recommendations.length === 1 ? '' : 's'}; first: ${first.title}`;
}
