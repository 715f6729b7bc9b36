import type { OperationInput } from '../../../src-shared/contract';
import type { EndpointRef } from '../../lib/endpoints';

/** The form's fields as typed: strings, so half-typed numbers survive until submit. */
export interface PlanDraft {
  endpointId: string;
  virtualUsers: string;
  durationS: string;
  maxTokens: string;
  prompt: string;
}

export const defaultDraft: PlanDraft = {
  endpointId: '',
  virtualUsers: '4',
  durationS: '30',
  maxTokens: '128',
  prompt: 'Write a short story about a robot who learns to paint.',
};

/** Which form field shows the core's message for each plan path. */
export const fieldForPath: Record<string, keyof PlanDraft> = {
  url: 'endpointId',
  endpointId: 'endpointId',
  'load.virtualUsers': 'virtualUsers',
  durationS: 'durationS',
  requestCount: 'durationS',
  maxTokens: 'maxTokens',
  prompt: 'prompt',
};

/** Blank stays undefined and junk stays NaN: the core's validation, not this form, names the problem. */
function toNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/**
 * The draft as a runs.start input. Nothing is checked here on purpose: the contract's RunPlan
 * schema at the core's door is the one place plans are validated, and its messages come back
 * as an `invalid_input` AppError shown beside each field.
 */
export function draftToPlan(draft: PlanDraft, ref: EndpointRef | undefined): OperationInput<'runs.start'> {
  return {
    workspaceId: ref?.workspace.id,
    endpointId: ref?.endpoint.id,
    url: ref?.endpoint.url ?? '',
    model: ref?.endpoint.model,
    load: { kind: 'closed', virtualUsers: toNumber(draft.virtualUsers) as number },
    durationS: toNumber(draft.durationS),
    maxTokens: toNumber(draft.maxTokens),
    prompt: draft.prompt,
  };
}
