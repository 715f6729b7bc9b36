import type { CapacityProbe } from '../../../src-shared/schemas/capacity';
import type { Diagnosis, DiagnosisStep } from '../../../src-shared/schemas/diagnosis';
import { probeEndLine, probeLabel, probeStartLine, stepEndLine, stepStartLine } from './diagnose-format';

/** A step's record as far as a line is concerned: a new start (its startedAt) or a new state is news. */
const stepKey = (step: DiagnosisStep): string => `${step.state}@${step.startedAt ?? ''}`;

const probesOf = (diagnosis: Diagnosis): CapacityProbe[] => diagnosis.capacity?.search.probes ?? [];

/**
 * Turns the diagnosis as it is saved (after every step change and probe) into a line per step as
 * it starts and ends and a line per probe as it starts and ends. It compares each save with the
 * one before, so it prints what changed and nothing twice; the probes `from` already had (a
 * resumed diagnosis's) are printed once as kept.
 */
export function createDiagnosisPrinter(out: (line: string) => void, from: Diagnosis) {
  const steps = new Map(from.steps.map((step) => [step.step, stepKey(step)]));
  const printed = new Set(probesOf(from).map((probe) => probe.runId));
  const labels = new Map<string, string>();
  return {
    /** The probes a resumed diagnosis keeps from before, each with its run. */
    printKept(): void {
      for (const probe of probesOf(from)) out(probeEndLine(probe, `kept ${probeLabel(probe)}`));
    },
    probeStarted({ label, runId }: { label: string; runId: string }): void {
      labels.set(runId, label);
      out(probeStartLine(label, runId));
    },
    saved(diagnosis: Diagnosis): void {
      for (const probe of probesOf(diagnosis)) {
        if (printed.has(probe.runId)) continue;
        printed.add(probe.runId);
        out(probeEndLine(probe, (probe.runId === undefined ? undefined : labels.get(probe.runId)) ?? probeLabel(probe)));
      }
      for (const step of diagnosis.steps) {
        const key = stepKey(step);
        if (steps.get(step.step) === key) continue;
        steps.set(step.step, key);
        if (step.state === 'running') out(stepStartLine(step));
        else if (step.state !== 'pending') out(stepEndLine(step));
      }
    },
  };
}
