import type { ClosedLoad, LoadShape, OpenLoad, ProfileLoad, ProfileName, UserStage } from './load-shape';

/** A load shape a generator can run: every profile resolved into a closed loop. */
export type ConcreteLoad = ClosedLoad | OpenLoad;

/** The user levels each stepped profile walks through, each held for the profile's step duration. */
export const profileLevels: Readonly<Record<Exclude<ProfileName, 'sustained' | 'custom'>, readonly number[]>> = {
  light: [1, 2, 4, 8],
  medium: [8, 12, 16],
  heavy: [16, 24, 32],
  saturation: [32, 48, 64],
};

/** Steps: jump to each level (a zero-length stage) then hold it for `stepDurationS`. */
export function stepStages(levels: readonly number[], stepDurationS: number): UserStage[] {
  return levels.flatMap((level) => [
    { durationS: 0, target: level },
    { durationS: stepDurationS, target: level },
  ]);
}

/**
 * Resolves a named profile into the closed-loop shape it stands for; any other shape is
 * returned as it is. Pure, so the UI can preview a profile's stages before the run.
 */
export function resolveLoadShape(load: LoadShape): ConcreteLoad {
  if (load.kind !== 'profile') return load;
  return resolveProfile(load);
}

function resolveProfile(load: ProfileLoad): ClosedLoad {
  if (load.profile === 'sustained') {
    const level = load.virtualUsers ?? 1;
    return { kind: 'closed', virtualUsers: level, stages: [{ durationS: load.sustainDurationS, target: level }] };
  }
  if (load.profile === 'custom') {
    const stages = load.stages ?? [];
    return { kind: 'closed', virtualUsers: load.virtualUsers ?? Math.max(1, stages[0]?.target ?? 1), stages };
  }
  const levels = profileLevels[load.profile];
  return { kind: 'closed', virtualUsers: levels[0]!, stages: stepStages(levels, load.stepDurationS) };
}

/** Total length of a shape's stages, or undefined for a shape without stages. */
export function stagesDurationS(load: LoadShape): number | undefined {
  const concrete = resolveLoadShape(load);
  if (concrete.kind === 'closed' || concrete.kind === 'open-ramping') {
    if (!concrete.stages) return undefined;
    return concrete.stages.reduce((sum, stage) => sum + stage.durationS, 0);
  }
  return undefined;
}

/** One stretch of a run with a single target, for the per-stage summary and chart markers. */
export interface StageWindow {
  index: number;
  startS: number;
  endS: number;
  /** What the stage does, for people: "8 users", "4→8 users", "10 req/s", "0→10 req/s". */
  label: string;
}

/**
 * The stages of a run of `durationS` as half-open windows [startS, endS): a request belongs to
 * the stage in which it was scheduled. Zero-length stages (steps) are left out. A shape without
 * stages is one window; a run longer than its stages holds the last target in a final window.
 */
export function stageWindows(load: LoadShape, durationS: number): StageWindow[] {
  const concrete = resolveLoadShape(load);
  const steps = stageSteps(concrete);
  const windows: StageWindow[] = [];
  let startS = 0;
  let level = steps.start;
  for (const step of steps.stages) {
    const endS = Math.min(durationS, startS + step.durationS);
    if (endS > startS) windows.push({ index: windows.length, startS, endS, label: describeLevel(level, step.target, steps.unit) });
    startS = startS + step.durationS;
    level = step.target;
    if (startS >= durationS) break;
  }
  if (startS < durationS) windows.push({ index: windows.length, startS, endS: durationS, label: describeLevel(level, level, steps.unit) });
  return windows;
}

function stageSteps(load: ConcreteLoad): { start: number; unit: 'users' | 'req/s'; stages: Array<{ durationS: number; target: number }> } {
  if (load.kind === 'closed') return { start: load.virtualUsers, unit: 'users', stages: load.stages ?? [] };
  if (load.kind === 'open-ramping') return { start: load.startRateRps, unit: 'req/s', stages: load.stages.map((stage) => ({ durationS: stage.durationS, target: stage.targetRps })) };
  return { start: load.rateRps, unit: 'req/s', stages: [] };
}

function describeLevel(from: number, to: number, unit: string): string {
  const format = (value: number): string => String(Number(value.toFixed(3)));
  return from === to ? `${format(to)} ${unit}` : `${format(from)}→${format(to)} ${unit}`;
}

/** The most users (closed) a shape ever asks for; for open shapes, its in-flight cap. */
export function peakConcurrency(load: LoadShape): number {
  const concrete = resolveLoadShape(load);
  if (concrete.kind === 'closed') return Math.max(concrete.virtualUsers, ...(concrete.stages ?? []).map((stage) => stage.target));
  return concrete.maxInFlight;
}

/** A load shape in a few words, for tables and titles: "8 VU", "1→8 VU in 8 stages", "20 req/s Poisson". */
export function describeLoad(load: LoadShape): string {
  const format = (value: number): string => String(Number(value.toFixed(2)));
  switch (load.kind) {
    case 'closed':
      return load.stages ? `${load.virtualUsers}→${peakConcurrency(load)} VU in ${load.stages.length} stages` : `${load.virtualUsers} VU`;
    case 'open-constant':
      return `${format(load.rateRps)} req/s`;
    case 'open-poisson':
      return `${format(load.rateRps)} req/s Poisson`;
    case 'open-gamma':
      return `${format(load.rateRps)} req/s gamma (burstiness ${format(load.burstiness)})`;
    case 'open-ramping':
      return `${format(load.startRateRps)}→${format(Math.max(...load.stages.map((stage) => stage.targetRps)))} req/s ramp`;
    case 'profile':
      return load.profile === 'sustained' ? `sustained ${load.virtualUsers ?? 1} VU` : `${load.profile} profile`;
  }
}
