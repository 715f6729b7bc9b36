import type { OperationInput } from '../../../src-shared/contract';
import type { EndpointRef } from '../../lib/endpoints';
import { defaultDatasetDraft, draftToDataset, type DatasetDraft } from './dataset-draft';
import { defaultLoadDraft, draftToLoad, toNumber, type LoadDraft } from './load-draft';

export type ApiChoice = 'chat' | 'completions' | 'native' | 'embeddings';

/** The form's fields as typed: strings, so half-typed numbers survive until submit. */
export interface PlanDraft {
  endpointId: string;
  api: ApiChoice;
  load: LoadDraft;
  durationS: string;
  warmupS: string;
  maxTokens: string;
  ignoreEos: boolean;
  prompt: string;
  dataset: DatasetDraft;
  slo: string;
}

export const defaultDraft: PlanDraft = {
  endpointId: '',
  api: 'chat',
  load: defaultLoadDraft,
  durationS: '30',
  warmupS: '',
  maxTokens: '128',
  ignoreEos: false,
  prompt: 'Write a short story about a robot who learns to paint.',
  dataset: defaultDatasetDraft,
  slo: '',
};

/** Form fields by id; the core's messages are routed to them by the plan path they concern. */
export type FieldId =
  | 'endpointId'
  | 'api'
  | 'virtualUsers'
  | 'stages'
  | 'rateRps'
  | 'burstiness'
  | 'maxInFlight'
  | 'stepDurationS'
  | 'sustainDurationS'
  | 'durationS'
  | 'warmupS'
  | 'maxTokens'
  | 'prompt'
  | 'dataset'
  | 'slo';

/** Which field shows the core's message for a plan path (exact, or the longest matching prefix). */
export const fieldForPath: Record<string, FieldId> = {
  url: 'endpointId',
  endpointId: 'endpointId',
  api: 'api',
  'load.virtualUsers': 'virtualUsers',
  'load.stages': 'stages',
  'load.rateRps': 'rateRps',
  'load.startRateRps': 'rateRps',
  'load.burstiness': 'burstiness',
  'load.maxInFlight': 'maxInFlight',
  'load.stepDurationS': 'stepDurationS',
  'load.sustainDurationS': 'sustainDurationS',
  durationS: 'durationS',
  requestCount: 'durationS',
  warmupS: 'warmupS',
  cooldownS: 'warmupS',
  maxTokens: 'maxTokens',
  prompt: 'prompt',
  dataset: 'dataset',
  slo: 'slo',
};

/** The field a message at `path` belongs on, if any: `load.stages.2.target` goes to stages. */
export function fieldOfPath(path: string): FieldId | undefined {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const field = fieldForPath[parts.join('.')];
    if (field !== undefined) return field;
  }
  return undefined;
}

/**
 * The draft as a runs.start input. Nothing is checked here on purpose: the contract's RunPlan
 * schema at the core's door is the one place plans are validated, and its messages come back
 * as an `invalid_input` AppError shown beside each field.
 */
export function draftToPlan(draft: PlanDraft, ref: EndpointRef | undefined): OperationInput<'runs.start'> {
  const dataset = draftToDataset(draft.dataset);
  const warmupS = toNumber(draft.warmupS);
  return {
    workspaceId: ref?.workspace.id,
    endpointId: ref?.endpoint.id,
    url: ref?.endpoint.url ?? '',
    model: ref?.endpoint.model,
    api: draft.api,
    load: draftToLoad(draft.load),
    durationS: toNumber(draft.durationS),
    ...(warmupS === undefined ? {} : { warmupS }),
    maxTokens: toNumber(draft.maxTokens),
    ignoreEos: draft.ignoreEos,
    prompt: draft.prompt,
    ...(dataset === undefined ? {} : { dataset }),
    ...(draft.slo.trim() === '' ? {} : { slo: draft.slo.trim() }),
  };
}
