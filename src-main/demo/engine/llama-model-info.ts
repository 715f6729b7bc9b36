import type { LlamaModel } from 'node-llama-cpp';
import type { EngineModelInfo } from './engine';

/**
 * llama-server's fallback when a model has no chat template: ChatML, exactly as v0.5.0 renders it
 * (the `chat_template` of the captured /props of stories260K). The llama engine applies ChatML to
 * every model: rendering a model's own Jinja template is not done here (see the README).
 */
export const chatMlTemplate =
  "{%- for message in messages -%}\n  {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>\n' -}}\n" +
  "{%- endfor -%}\n{%- if add_generation_prompt -%}\n  {{- '<|im_start|>assistant\n' -}}\n{%- endif -%}";

/** llama.cpp's `llama_vocab_type` numbers, as /v1/models reports them in `meta.vocab_type`. */
const vocabTypeNumbers: Readonly<Record<string, number>> = { none: 0, spm: 1, bpe: 2, wpm: 3, ugm: 4, rwkv: 5, plamo2: 6 };

/**
 * What /props and /v1/models say about the loaded model, read from the model itself: the same
 * numbers llama-server reports for it (the captured /v1/models of stories260K gives n_params
 * 292800, size 1171200, ftype "(guessed) all F32").
 */
export function llamaModelInfo(model: LlamaModel, path: string): EngineModelInfo {
  const tokenizerMeta = model.fileInfo.metadata.tokenizer as { ggml?: { tokens?: readonly string[] } } | undefined;
  return {
    path,
    nVocab: tokenizerMeta?.ggml?.tokens?.length ?? 0,
    nCtxTrain: model.trainContextSize,
    nEmbd: model.embeddingVectorSize,
    nParams: model.fileInsights.totalParameters,
    sizeBytes: model.size,
    ftype: ftypeOf(model.typeDescription),
    vocabType: vocabTypeNumbers[String(model.vocabularyType)] ?? 0,
    bosToken: model.tokens.bosString ?? '',
    eosToken: model.tokens.eosString ?? '',
    chatTemplate: chatMlTemplate,
  };
}

/**
 * The file-type part of llama.cpp's model description (`llama ?B (guessed) all F32` →
 * `(guessed) all F32`): the description is "<arch> <size> <ftype>", and llama-server reports the
 * ftype part as `model_ftype`.
 */
export function ftypeOf(description: string): string {
  const words = description.trim().split(/\s+/);
  return words.length > 2 ? words.slice(2).join(' ') : description;
}
