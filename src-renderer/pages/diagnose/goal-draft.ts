import type { OperationInput } from '../../../src-shared/contract';
import { sloPresets, type DiagnosisGoal, type SloPresetName } from '../../../src-shared/schemas/diagnosis';
import type { EndpointRef } from '../../lib/endpoints';
import { toNumber } from '../run/load-draft';

/** The Start form as typed: numbers stay text so half-typed values survive until Start. */
export interface GoalDraft {
  endpointId: string;
  preset: SloPresetName;
  /** The custom SLO in k6 syntax; kept while a preset is picked so switching back loses nothing. */
  customSlo: string;
  prompt: string;
  maxTokens: string;
  fidelity: DiagnosisGoal['fidelity'];
  maxUsers: string;
  /** Minutes: a diagnosis's budget is read in minutes, the contract takes seconds. */
  budgetMin: string;
  verify: DiagnosisGoal['verify'];
}

export const defaultGoalDraft: GoalDraft = {
  endpointId: '',
  preset: 'interactive',
  customSlo: '',
  prompt: 'Write a short story about a robot who learns to paint.',
  maxTokens: '64',
  fidelity: 'quick',
  maxUsers: '64',
  budgetMin: '30',
  verify: 'none',
};

export type GoalFieldId = 'endpoint' | 'slo' | 'prompt' | 'maxTokens' | 'fidelity' | 'maxUsers' | 'budget' | 'verify';

const fieldForPath: Record<string, GoalFieldId> = {
  workspaceId: 'endpoint',
  endpointId: 'endpoint',
  'goal.preset': 'slo',
  'goal.slo': 'slo',
  'goal.workload.prompt': 'prompt',
  'goal.workload.dataset': 'prompt',
  'goal.workload.maxTokens': 'maxTokens',
  'goal.fidelity': 'fidelity',
  'goal.maxUsers': 'maxUsers',
  'goal.budgetS': 'budget',
  'goal.verify': 'verify',
};

/** The field a contract message at `path` belongs beside (exact, or the longest matching prefix). */
export function goalFieldOfPath(path: string): GoalFieldId | undefined {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const field = fieldForPath[parts.join('.')];
    if (field !== undefined) return field;
  }
  return undefined;
}

/** The SLO the goal will carry: the preset's string, or the custom one as typed. */
export function sloOfDraft(draft: GoalDraft): string {
  return draft.preset === 'custom' ? draft.customSlo.trim() : sloPresets[draft.preset].slo;
}

/**
 * The draft as a diagnose.start input. Nothing is checked here on purpose: the contract's
 * DiagnosisGoal at the core's door is where goals are validated, and its messages come back
 * beside the fields (a number that does not read as one is sent as NaN so its field says so).
 */
export function draftToStart(draft: GoalDraft, ref: EndpointRef | undefined): OperationInput<'diagnose.start'> {
  const budgetMin = toNumber(draft.budgetMin);
  return {
    workspaceId: ref?.workspace.id ?? '',
    endpointId: ref?.endpoint.id ?? '',
    goal: {
      preset: draft.preset,
      slo: sloOfDraft(draft),
      workload: { prompt: draft.prompt, ...optionalNumber('maxTokens', draft.maxTokens) },
      fidelity: draft.fidelity,
      ...optionalNumber('maxUsers', draft.maxUsers),
      ...(budgetMin === undefined ? {} : { budgetS: budgetMin * 60 }),
      verify: draft.verify,
    },
  };
}

/** An empty field leaves the contract's default in force. */
function optionalNumber<K extends string>(key: K, text: string): Partial<Record<K, number>> {
  const value = toNumber(text);
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
