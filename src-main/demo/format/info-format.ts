import type { EngineInfo } from '../engine/engine';
import type { Slot } from '../scheduler/slot';
import { effectiveNPredict } from '../scheduler/scheduler';
import { generationParams } from './generation-params';

/**
 * `/props`, `/slots` and `/v1/models` bodies in llama.cpp v0.5.0's shapes (fixtures props.json,
 * slots-idle.json, slots-busy.json, v1-models.json), plus the demo's own markers in /props.
 */

export interface ServerFacts {
  readonly engine: EngineInfo;
  /** Model id in responses: the first -a alias, else the model path. */
  readonly modelId: string;
  readonly aliases: readonly string[];
  readonly totalSlots: number;
  readonly nCtxSlot: number;
  readonly endpointSlots: boolean;
  readonly endpointProps: boolean;
  readonly endpointMetrics: boolean;
  readonly serverNPredict: number;
  /** Unix seconds the server started (`created` of /v1/models). */
  readonly startedUnix: number;
  /** The effective settings, shown in /props so every client can see what the demo simulates. */
  readonly demoSettings: Record<string, unknown>;
}

export function propsBody(facts: ServerFacts): object {
  const model = facts.engine.model;
  return {
    default_generation_settings: { params: generationParams(null, false), n_ctx: facts.nCtxSlot },
    total_slots: facts.totalSlots,
    model_alias: facts.modelId,
    model_ftype: model.ftype,
    model_path: model.path,
    modalities: { vision: false, video: false, audio: false },
    media_marker: '<__media__>',
    endpoint_slots: facts.endpointSlots,
    endpoint_props: facts.endpointProps,
    endpoint_metrics: facts.endpointMetrics,
    ui: false,
    ui_settings: {},
    chat_template: model.chatTemplate,
    chat_template_caps: chatTemplateCaps,
    bos_token: model.bosToken,
    eos_token: model.eosToken,
    build_info: facts.engine.buildInfo,
    is_sleeping: false,
    cors_proxy_enabled: false,
    demo: true,
    engine: facts.engine.kind,
    demo_settings: facts.demoSettings,
  };
}

const chatTemplateCaps = {
  supports_object_arguments: false,
  supports_parallel_tool_calls: false,
  supports_preserve_reasoning: false,
  supports_reasoning_effort: false,
  supports_string_content: true,
  supports_system_role: true,
  supports_tool_calls: false,
  supports_tools: false,
  supports_typed_content: false,
};

/** One slot as /slots shows it: four keys until it first runs, then the last task's progress too. */
export function slotBody(slot: Slot, serverNPredict: number): object {
  const base = { id: slot.id, n_ctx: slot.nCtx, speculative: false, is_processing: slot.isProcessing };
  if (slot.lastTaskId === null || slot.lastParams === null) return base;
  const nPredict = effectiveNPredict(slot.lastParams.nPredict, serverNPredict);
  return {
    ...base,
    id_task: slot.lastTaskId,
    n_prompt_tokens: slot.cache.length,
    n_prompt_tokens_processed: slot.nPromptProcessed,
    n_prompt_tokens_cache: slot.nPromptCached,
    params: generationParams(slot.lastParams, false),
    next_token: [
      {
        has_next_token: slot.isProcessing,
        has_new_line: slot.hasNewLine,
        n_remain: slot.remaining(nPredict),
        n_decoded: slot.nDecoded,
      },
    ],
  };
}

export function modelsBody(facts: ServerFacts): object {
  const model = facts.engine.model;
  return {
    models: [
      {
        name: facts.modelId,
        model: facts.modelId,
        modified_at: '',
        size: '',
        digest: '',
        type: 'model',
        description: '',
        tags: [''],
        capabilities: ['completion'],
        parameters: '',
        details: { parent_model: '', format: 'gguf', family: '', families: [''], parameter_size: '', quantization_level: '' },
      },
    ],
    object: 'list',
    data: [
      {
        id: facts.modelId,
        aliases: facts.aliases.length > 0 ? [...facts.aliases] : [facts.modelId],
        tags: [],
        object: 'model',
        created: facts.startedUnix,
        owned_by: 'llamacpp',
        meta: {
          vocab_type: model.vocabType,
          n_vocab: model.nVocab,
          n_ctx: facts.nCtxSlot,
          n_ctx_train: model.nCtxTrain,
          n_embd: model.nEmbd,
          n_params: model.nParams,
          size: model.sizeBytes,
          ftype: model.ftype,
        },
      },
    ],
  };
}
