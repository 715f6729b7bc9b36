import { profileLevels } from '../../../src-shared/schemas/load-profiles';
import type { OperationInput } from '../../../src-shared/contract';
import type { ProfileName } from '../../../src-shared/schemas/load-shape';
import { formatDurationS } from '../../../src-shared/format/numbers';

/** The plan's `load` as the contract takes it (defaults applied by the core). */
export type LoadInput = OperationInput<'runs.start'>['load'];

/** The load shapes the form offers: a named profile, or one shape spelled out. */
export type LoadKind = 'profile' | 'closed' | 'open-constant' | 'open-poisson' | 'open-gamma' | 'open-ramping';

/** The load part of the form, as typed. */
export interface LoadDraft {
  kind: LoadKind;
  profile: ProfileName;
  virtualUsers: string;
  /** "30s:8, 60s:16" — duration then target (users, or req/s for a ramping rate). */
  stages: string;
  rateRps: string;
  burstiness: string;
  maxInFlight: string;
  stepDurationS: string;
  sustainDurationS: string;
}

export const defaultLoadDraft: LoadDraft = {
  kind: 'closed',
  profile: 'light',
  virtualUsers: '4',
  stages: '',
  rateRps: '2',
  burstiness: '1',
  maxInFlight: '',
  stepDurationS: '30',
  sustainDurationS: '600',
};

export const shapeChoices: Array<{ kind: Exclude<LoadKind, 'profile'>; label: string; hint: string }> = [
  { kind: 'closed', label: 'Closed loop', hint: 'virtual users, each sends when its previous answer ends' },
  { kind: 'open-constant', label: 'Constant rate', hint: 'arrivals evenly spaced, timed from the schedule' },
  { kind: 'open-poisson', label: 'Poisson', hint: 'random arrivals at a mean rate (vLLM bench)' },
  { kind: 'open-gamma', label: 'Gamma', hint: 'burstier (< 1) or more even (> 1) than Poisson' },
  { kind: 'open-ramping', label: 'Ramping rate', hint: 'the rate moves through stages' },
];

export const profileChoices: Array<{ profile: ProfileName; label: string }> = [
  { profile: 'light', label: 'Light' },
  { profile: 'medium', label: 'Medium' },
  { profile: 'heavy', label: 'Heavy' },
  { profile: 'saturation', label: 'Saturation' },
  { profile: 'sustained', label: 'Sustained' },
  { profile: 'custom', label: 'Custom' },
];

/** Blank stays undefined and junk stays NaN: the core's validation names the problem. */
export function toNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/**
 * "30s:8, 1m:16 20:4" → stages. Each stage is a duration (s, or m for minutes) and a target;
 * a piece that cannot be read becomes NaN so the core's message lands on the stages field.
 */
export function parseStages(text: string): Array<{ durationS: number; target: number }> | undefined {
  const pieces = text.split(/[,\s]+/).filter((piece) => piece !== '');
  if (pieces.length === 0) return undefined;
  return pieces.map((piece) => {
    const match = /^(\d+(?:\.\d+)?)(s|m)?:(\d+(?:\.\d+)?)$/i.exec(piece);
    if (!match) return { durationS: Number.NaN, target: Number.NaN };
    const factor = match[2]?.toLowerCase() === 'm' ? 60 : 1;
    return { durationS: Number(match[1]) * factor, target: Number(match[3]) };
  });
}

const openCap = (draft: LoadDraft) => {
  const cap = toNumber(draft.maxInFlight);
  return cap === undefined ? {} : { maxInFlight: cap };
};

/** The draft as the plan's `load` (a LoadShape input); unchecked on purpose, like the rest of the plan. */
export function draftToLoad(draft: LoadDraft): LoadInput {
  const users = toNumber(draft.virtualUsers) as number;
  const rate = toNumber(draft.rateRps) as number;
  const stages = parseStages(draft.stages);
  switch (draft.kind) {
    case 'profile':
      return profileToLoad(draft);
    case 'closed':
      return { kind: 'closed', virtualUsers: users, ...(stages ? { stages } : {}) };
    case 'open-constant':
      return { kind: 'open-constant', rateRps: rate, ...openCap(draft) };
    case 'open-poisson':
      return { kind: 'open-poisson', rateRps: rate, ...openCap(draft) };
    case 'open-gamma':
      return { kind: 'open-gamma', rateRps: rate, burstiness: toNumber(draft.burstiness) as number, ...openCap(draft) };
    case 'open-ramping':
      return {
        kind: 'open-ramping',
        startRateRps: rate,
        stages: (stages ?? []).map((stage) => ({ durationS: stage.durationS, targetRps: stage.target })),
        ...openCap(draft),
      };
  }
}

function profileToLoad(draft: LoadDraft): LoadInput {
  const base = { kind: 'profile' as const, profile: draft.profile, stepDurationS: toNumber(draft.stepDurationS) as number, sustainDurationS: toNumber(draft.sustainDurationS) as number };
  if (draft.profile === 'sustained') return { ...base, virtualUsers: toNumber(draft.virtualUsers) as number };
  if (draft.profile === 'custom') return { ...base, virtualUsers: toNumber(draft.virtualUsers) as number, stages: parseStages(draft.stages) ?? [] };
  return base;
}

/** "1 → 2 → 4 → 8 users, 30 s each (2 min)": what a profile will do, before it runs. */
export function describeProfile(draft: LoadDraft): string {
  const step = toNumber(draft.stepDurationS);
  if (draft.profile === 'sustained') return `Sustained: ${draft.virtualUsers || '?'} users held for ${formatDurationS(toNumber(draft.sustainDurationS))}.`;
  if (draft.profile === 'custom') return 'Custom: your stages, from the users you start with.';
  const levels = profileLevels[draft.profile];
  const total = step === undefined || !Number.isFinite(step) ? undefined : step * levels.length;
  return `${draft.profile[0]!.toUpperCase()}${draft.profile.slice(1)}: ${levels.join(' → ')} users, ${formatDurationS(step)} at each level (${formatDurationS(total)} in all).`;
}
