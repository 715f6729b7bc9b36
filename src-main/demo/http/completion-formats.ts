import { randomBytes } from 'node:crypto';
import type { SampledToken } from '../engine/engine';
import {
  chatCompletionBody,
  chatFinishChunk,
  chatRoleChunk,
  chatUsageChunk,
  createChatContentEncoder,
  type FinalAnswer,
  type ResponseMeta,
} from '../format/chat-format';
import { createTextContentEncoder, nativeFinalBody, nativePartialChunk, textFinalBody } from '../format/completion-format';
import { generationParams } from '../format/generation-params';
import { buildTimings, buildUsage, finishReason } from '../format/timings';
import type { TaskParams, TaskResult } from '../scheduler/task';

/**
 * How one API flavour (OpenAI chat, OpenAI text, native) turns tokens and the final result into
 * SSE events and bodies. The completion handler is the same for all three.
 */
export interface CompletionFormat {
  /** Events for one token; `isFirst` lets chat send its role chunk with the first token, as llama.cpp does. */
  tokenEvents(token: SampledToken, nDecoded: number, isFirst: boolean): string[];
  /** Closing events of a stream; `sentAny` says whether any token event went out. */
  finalEvents(result: TaskResult, sentAny: boolean): string[];
  /** Whether the stream ends with `data: [DONE]` (OpenAI routes) or just ends (native). */
  readonly sendsDone: boolean;
  /** The non-streamed body. */
  body(result: TaskResult, text: string): object;
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `chatcmpl-` and 32 random letters and digits, like llama.cpp's `gen_chatcmplid`. */
export function newCompletionId(): string {
  const bytes = randomBytes(32);
  let id = 'chatcmpl-';
  for (const byte of bytes) id += idAlphabet[byte % idAlphabet.length];
  return id;
}

export function newResponseMeta(model: string, fingerprint: string): ResponseMeta {
  return { id: newCompletionId(), created: Math.floor(Date.now() / 1000), model, fingerprint };
}

function finalAnswer(result: TaskResult, text: string): FinalAnswer {
  return { text, reason: finishReason(result.stopType), usage: buildUsage(result), timings: buildTimings(result) };
}

export function chatFormat(meta: ResponseMeta, includeUsage: boolean): CompletionFormat {
  const encode = createChatContentEncoder(meta);
  return {
    tokenEvents: (token, _n, isFirst) => (isFirst ? [JSON.stringify(chatRoleChunk(meta)), encode(token.piece)] : [encode(token.piece)]),
    finalEvents: (result, sentAny) => {
      const reason = finishReason(result.stopType);
      const timings = buildTimings(result);
      const events = sentAny ? [] : [JSON.stringify(chatRoleChunk(meta))];
      if (!includeUsage) return [...events, JSON.stringify(chatFinishChunk(meta, reason, timings))];
      return [...events, JSON.stringify(chatFinishChunk(meta, reason)), JSON.stringify(chatUsageChunk(meta, buildUsage(result), timings))];
    },
    sendsDone: true,
    body: (result, text) => chatCompletionBody(meta, finalAnswer(result, text)),
  };
}

export function textFormat(meta: ResponseMeta): CompletionFormat {
  const encode = createTextContentEncoder(meta);
  const final = (result: TaskResult, text: string): object => textFinalBody(meta, finalAnswer(result, text));
  return {
    tokenEvents: (token) => [encode(token.piece)],
    finalEvents: (result) => [JSON.stringify(final(result, ''))],
    sendsDone: true,
    body: final,
  };
}

export interface NativeContext {
  readonly model: string;
  readonly params: TaskParams;
  readonly nPromptTokens: number;
  /** The prompt as the server saw it (detokenized, BOS shown as `<s> `). */
  readonly prompt: string;
}

export function nativeFormat(context: NativeContext): CompletionFormat {
  const final = (result: TaskResult, content: string): object =>
    nativeFinalBody({
      content,
      slotId: result.slotId,
      model: context.model,
      tokensPredicted: result.predictedN,
      tokensEvaluated: result.nPromptTokens,
      generationSettings: generationParams(context.params, true),
      prompt: context.prompt,
      hasNewLine: result.hasNewLine,
      truncated: result.truncated,
      stopType: result.stopType,
      tokensCached: result.tokensCached,
      timings: buildTimings(result),
    });
  return {
    tokenEvents: (token, nDecoded) => [
      JSON.stringify(nativePartialChunk({ content: token.piece, token: token.token, tokensPredicted: nDecoded, tokensEvaluated: context.nPromptTokens })),
    ],
    finalEvents: (result) => [JSON.stringify(final(result, ''))],
    sendsDone: false,
    body: final,
  };
}
