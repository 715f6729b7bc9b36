import type { SampledToken } from '../engine/engine';
import type { LlamaError } from '../llama-errors';

export type TaskKind = 'completion' | 'embedding';

/** Why generation stopped, in llama.cpp's words (`stop_type`). */
export type StopType = 'none' | 'eos' | 'limit' | 'word';

/** What a request asked for, after the HTTP layer read its body. */
export interface TaskParams {
  /** Tokens to generate at most; -1 = until EOS or the context is full. */
  readonly nPredict: number;
  readonly ignoreEos: boolean;
  readonly stream: boolean;
  readonly cachePrompt: boolean;
  /** 32-bit seed; llama.cpp's default 4294967295 means "random", which the demo derives per task. */
  readonly seed: number;
  readonly temperature: number;
}

/** Server-side timings of a finished task, as llama.cpp measures them (milliseconds). */
export interface TaskResult {
  readonly slotId: number;
  readonly nPromptTokens: number;
  readonly cacheN: number;
  readonly promptN: number;
  readonly promptMs: number;
  readonly predictedN: number;
  readonly predictedMs: number;
  readonly stopType: StopType;
  readonly truncated: boolean;
  readonly hasNewLine: boolean;
  /** Tokens left in the slot's cache (prompt + generated): `tokens_cached` of the native API. */
  readonly tokensCached: number;
  /** Pooled embedding, for embedding tasks. */
  readonly embedding?: readonly number[];
}

/** How the scheduler talks back to whoever submitted a task (an HTTP response, a test). */
export interface TaskListener {
  /** A slot took the task and its prompt starts processing: llama.cpp sends response headers now. */
  onStart(slotId: number): void;
  /** One generated token (not called for end-of-generation, which has no text). */
  onToken(token: SampledToken, nDecoded: number): void;
  onDone(result: TaskResult): void;
  /** The task failed; before `onStart` this is a plain HTTP error, after it an error event in the stream. */
  onError(error: LlamaError): void;
}

/** What a caller submits. */
export interface TaskSpec {
  readonly kind: TaskKind;
  readonly promptTokens: readonly number[];
  readonly params: TaskParams;
  readonly listener: TaskListener;
}

export interface Task extends TaskSpec {
  readonly id: number;
  /** Set when the client went away; the scheduler drops the task at its next step. */
  cancelled: boolean;
}
