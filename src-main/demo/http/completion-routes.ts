import { notSupportedError, type LlamaError } from '../llama-errors';
import type { TaskListener, TaskParams, TaskResult } from '../scheduler/task';
import { chatFormat, nativeFormat, newResponseMeta, textFormat, type CompletionFormat } from './completion-formats';
import type { DemoContext } from './demo-context';
import { sendError, sendJson, type Exchange, type JsonBody } from './http-io';
import { readCompletionRequest, readEmbeddingInputs, readMessages, readPrompt, type CompletionRequest } from './request-params';
import { SseStream } from './sse-stream';

type Handler = (ctx: DemoContext, x: Exchange, body: JsonBody) => void;

/** POST /v1/chat/completions (and /chat/completions). */
export const handleChat: Handler = (ctx, x, body) => {
  const request = readCompletionRequest(body, ctx.settings.nSlots, ctx.switches.cachePrompt);
  const messages = readMessages(body);
  if ('error' in request) return sendError(x, request.error);
  if ('error' in messages) return sendError(x, messages.error);
  const tokens = ctx.engine.tokenize(ctx.engine.applyChatTemplate(messages.value), true);
  const meta = newResponseMeta(ctx.facts.modelId, ctx.engine.info.buildInfo);
  runCompletion(ctx, x, { tokens, request: request.value, format: chatFormat(meta, request.value.includeUsage) });
};

/** POST /v1/completions (and /completions): usage and timings always ride on the final chunk. */
export const handleTextCompletion: Handler = (ctx, x, body) => {
  const request = readCompletionRequest(body, ctx.settings.nSlots, ctx.switches.cachePrompt);
  const prompt = readPrompt(body);
  if ('error' in request) return sendError(x, request.error);
  if ('error' in prompt) return sendError(x, prompt.error);
  const tokens = toTokens(ctx, prompt.value);
  const meta = newResponseMeta(ctx.facts.modelId, ctx.engine.info.buildInfo);
  runCompletion(ctx, x, { tokens, request: request.value, format: textFormat(meta) });
};

/** POST /completion: the native API, streamed without `[DONE]`. */
export const handleNativeCompletion: Handler = (ctx, x, body) => {
  const request = readCompletionRequest(body, ctx.settings.nSlots, ctx.switches.cachePrompt);
  const prompt = readPrompt(body);
  if ('error' in request) return sendError(x, request.error);
  if ('error' in prompt) return sendError(x, prompt.error);
  const tokens = toTokens(ctx, prompt.value);
  const format = nativeFormat({
    model: ctx.facts.modelId,
    params: request.value.params,
    nPromptTokens: tokens.length,
    prompt: ctx.engine.detokenize(tokens),
  });
  runCompletion(ctx, x, { tokens, request: request.value, format });
};

function toTokens(ctx: DemoContext, prompt: string | number[]): number[] {
  // Token ids are used as given, as llama.cpp does; only text gets BOS prepended.
  return typeof prompt === 'string' ? ctx.engine.tokenize(prompt, true) : prompt;
}

interface CompletionJob {
  readonly tokens: readonly number[];
  readonly request: CompletionRequest;
  readonly format: CompletionFormat;
}

/**
 * Submits a completion and wires the scheduler's events to the response: headers when a slot
 * takes it, one write per step while streaming, the final events, and cancellation when the
 * client goes away. Errors before the headers are plain JSON with their status, after them an
 * `error` event that closes the stream (llama.cpp's behaviour in both cases).
 */
function runCompletion(ctx: DemoContext, x: Exchange, job: CompletionJob): void {
  const stream = job.request.params.stream ? new SseStream(x) : null;
  let text = '';
  let sentAny = false;
  let settled = false;
  const settle = (): void => {
    settled = true;
    if (stream !== null) ctx.streams.delete(stream);
  };
  const listener: TaskListener = {
    onStart: () => {
      if (stream === null) return;
      stream.open();
      ctx.streams.add(stream);
    },
    onToken: (token, nDecoded) => {
      if (stream === null) text += token.piece;
      else stream.send(job.format.tokenEvents(token, nDecoded, !sentAny));
      sentAny = true;
    },
    onDone: (result) => {
      settle();
      finishResponse(x, stream, { format: job.format, result, text, sentAny });
    },
    onError: (error) => {
      settle();
      failResponse(x, stream, error);
    },
  };
  const task = ctx.scheduler.submit({ kind: 'completion', promptTokens: job.tokens, params: job.request.params, listener });
  x.res.on('close', () => {
    if (!settled) ctx.scheduler.cancel(task);
    if (stream !== null) ctx.streams.delete(stream);
  });
}

interface Ending {
  readonly format: CompletionFormat;
  readonly result: TaskResult;
  readonly text: string;
  readonly sentAny: boolean;
}

function finishResponse(x: Exchange, stream: SseStream | null, ending: Ending): void {
  if (stream === null) {
    sendJson(x, 200, ending.format.body(ending.result, ending.text));
    return;
  }
  stream.send(ending.format.finalEvents(ending.result, ending.sentAny));
  stream.end(ending.format.sendsDone);
}

function failResponse(x: Exchange, stream: SseStream | null, error: LlamaError): void {
  if (stream?.isOpen === true) {
    stream.send([JSON.stringify(error.body)]);
    stream.end(false);
    return;
  }
  sendError(x, error);
}

/** POST /v1/embeddings: 501 unless started with --embeddings, as llama-server answers. */
export const handleEmbeddings: Handler = (ctx, x, body) => {
  if (!ctx.switches.embeddings) {
    return sendError(x, notSupportedError('This server does not support embeddings. Start it with `--embeddings`'));
  }
  const inputs = readEmbeddingInputs(body);
  if ('error' in inputs) return sendError(x, inputs.error);
  const jobs = inputs.value.map((input) => runEmbedding(ctx, x, ctx.engine.tokenize(input, true)));
  Promise.all(jobs).then(
    (results) => {
      const nTokens = results.reduce((sum, result) => sum + result.nPromptTokens, 0);
      sendJson(x, 200, {
        model: typeof body.model === 'string' ? body.model : ctx.facts.modelId,
        object: 'list',
        usage: { prompt_tokens: nTokens, total_tokens: nTokens },
        data: results.map((result, index) => ({ embedding: result.embedding ?? [], index, object: 'embedding' })),
      });
    },
    (error: LlamaError) => sendError(x, error),
  );
};

const embeddingParams: TaskParams = { nPredict: 0, ignoreEos: false, stream: false, cachePrompt: false, seed: 0, temperature: 0 };

/** One input through the slots as a prompt-only task; resolves with its pooled embedding. */
function runEmbedding(ctx: DemoContext, x: Exchange, tokens: number[]): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const listener: TaskListener = {
      onStart: () => undefined,
      onToken: () => undefined,
      onDone: (result) => {
        settled = true;
        resolve(result);
      },
      onError: (error) => {
        settled = true;
        reject(error);
      },
    };
    const task = ctx.scheduler.submit({ kind: 'embedding', promptTokens: tokens, params: embeddingParams, listener });
    x.res.on('close', () => {
      if (!settled) ctx.scheduler.cancel(task);
    });
  });
}
