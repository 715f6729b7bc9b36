import type { ThresholdValues } from '../../findings/diagnose-thresholds';
import type { DiagnosisEvidence, DiagnosisProbe } from '../evidence';
import { gpuSignals } from './gpu-signals';
import { hostSignals } from './host-signals';
import { loadSignals } from './load-signals';
import { logSignals } from './log-signals';
import { serverSignals } from './server-signals';
import { unknown, type Signal } from './signal';

/** Every signal the rules read, by name (diagnosis-rules.md §0.1, named in camelCase). */
export const signalNames = [
  'users', 'aggTps', 'streamTps', 'ttftP50Ms', 'ttftP95Ms', 'tHdrMs', 'queueShare', 'prefillShare', 'errorRate', 'contextExceededRate',
  'refusedRequestTokens', 'outputTokensMax', 'coldStartTtftRatio', 'generatorBusy',
  'slots', 'slotContext', 'occupancy', 'deferredFrac', 'lServer', 'busyWin', 'batchWidth', 'ctxFill', 'cachedPromptTokens',
  'coreBusy', 'busiestCore', 'otherCoresBusy', 'procCores', 'hotThread', 'runnable', 'memAvail', 'swapGrowthBytes', 'thrCfg', 'cpuBudget', 'cgThr', 'quotaCpus',
  'gpuUtil', 'gpuMemBusy', 'vramFrac', 'pwrFrac', 'powerCapShare', 'throttleShare', 'smClockOfMax',
  'offloadedLayers', 'modelLayers', 'faOnCpu',
  'aggGainPerDoubling',
] as const;
export type SignalName = (typeof signalNames)[number];
export type DiagnosisSignals = Readonly<Record<SignalName, Signal>>;

/**
 * agg_tps gained per doubling of users between the two busiest probes below the focus, 0..∞
 * (0.1 = +10 %): the np-sweep of diagnosis-rules.md C1/C2, measured on users instead of slots.
 */
function aggregateGain(evidence: DiagnosisEvidence, focus: DiagnosisProbe): Signal {
  const lower = evidence.probes.filter((probe) => probe.users < focus.users).sort((a, b) => b.users - a.users)[0];
  if (lower === undefined) return unknown('no probe at fewer users to compare with');
  const [before, after] = [lower.summary.outputTokensPerS, focus.summary.outputTokensPerS];
  if (before <= 0) return unknown('the lower probe produced no tokens');
  const doublings = Math.log2(focus.users / lower.users);
  return { value: Math.pow(after / before, 1 / doublings) - 1, source: { kind: 'run', id: focus.runId } };
}

/** The signals of §0.1 for the focus probe, computed once for every rule. A signal that cannot be computed is null with its reason. */
export function computeSignals(evidence: DiagnosisEvidence, focus: DiagnosisProbe, thresholds: ThresholdValues): DiagnosisSignals {
  const all: Record<string, Signal> = {
    ...loadSignals(focus),
    ...serverSignals(evidence, focus),
    ...hostSignals(evidence, focus, thresholds),
    ...gpuSignals(evidence, focus),
    ...logSignals(evidence.server.log),
    aggGainPerDoubling: aggregateGain(evidence, focus),
  };
  const signals = {} as Record<SignalName, Signal>;
  for (const name of signalNames) signals[name] = all[name] ?? unknown('not computed');
  return signals;
}
