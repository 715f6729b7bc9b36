import type { IncomingMessage, ServerResponse } from 'node:http';
import { notSupportedError, type LlamaError } from '../llama-errors';
import type { TaskKind, TaskListener, TaskResult } from '../scheduler/task';
import { chatFormat, nativeFormat, newResponseMeta, textFormat, type CompletionFormat } from './completion-formats';
import type { DemoContext } from './demo-context';
import { sendError, sendJson, type JsonBody } from './http-io';
import { readCompletionRequest, readEmbeddingInputs, readMessages, readPrompt, type CompletionRequest } from './request-params';
import { SseStream } from './sse-stream';

type Handler = (ctx: DemoContext, req: IncomingMessage, res: ServerResponse, body: JsonBody) => void;

/** POST /v1/chat/completions (and /chat/completions). */
export const handleChat: Handler = (ctx, req, res, body) => {
  const request = readCompletionRequest(body, ctx.settings.nSlots, ctx.switches.cachePrompt);
  const messages = readMessages(body);
  if ('error' in request) return sendError(req, res, request.error);
  if ('error' in messages) return sendError(req, res, messages.error);
  const tokens = ctx.engine.tokenize(ctx.engine.applyChatTemplate(messages.value), true);
  const meta = newResponseMeta(ctx.facts.modelId, ctx.engine.info.buildInfo);
  runCompletion(ctx, req, res, { tokens, request: request.value, format: chatFormat(meta, request.value.includeUsage) });
};

/** POST /v1/completions (and /completions): usage and timings always ride on the final chunk. */
export const handleTextCompletion: Handler = (ctx, req, res, body) => {
  const request = readCompletionRequest(body, ctx.settings.nSlots, ctx.switches.cachePrompt);
  const prompt = readPrompt(body);
  if ('error' in request) return sendError(req, res, request.error);
  if ('error' in prompt) return sendError(req, res, prompt.error);
  const tokens = toTokens(ctx, prompt.value);
  const meta = newResponseMeta(ctx.facts.modelId, ctx.engine.info.buildInfo);
  runCompletion(ctx, req, res, { tokens, request: request.value, format: textFormat(meta) });
};

/** POST /completion: the native API, streamed without `[DONE]`. */
export const handleNativeCompletion: Handler = (ctx, req, res, body) => {
  const request = readCompletionRequest(body, ctx.settings.nSlots, ctx.switches.cachePrompt);
  const prompt = readPrompt(body);
  if ('error' in request) return sendError(req, res, request.error);
  if ('error' in prompt) return sendError(req, res, prompt.error);
  const tokens = toTokens(ctx, prompt.value);
  const format = nativeFormat({
    model: ctx.facts.modelId,
    params: request.value.params,
    nPromptTokens: tokens.length,
    prompt: ctx.engine.detokenize(tokens),
  });
  runCompletion(ctx, req, res, { tokens, request: request.value, format });
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
function runCompletion(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, job: CompletionJob): void {
  const stream = job.request.params.stream ? new SseStream(req, res) : null;
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
      finishResponse(req, res, stream, job.format, { result, text, sentAny });
    },
    onError: (error) => {
      settle();
      failResponse(req, res, stream, error);
    },
  };
  const task = ctx.scheduler.submit('completion', job.tokens, job.request.params, listener);
  res.on('close', () => {
    if (!settled) ctx.scheduler.cancel(task);
    if (stream !== null) ctx.streams.delete(stream);
  });
}

interface Ending {
  readonly result: TaskResult;
  readonly text: string;
  readonly sentAny: boolean;
}

function finishResponse(req: IncomingMessage, res: ServerResponse, stream: SseStream | null, format: CompletionFormat, ending: Ending): void {
  if (stream === null) {
    sendJson(req, res, 200, format.body(ending.result, ending.text));
    return;
  }
  stream.send(format.finalEvents(ending.result, ending.sentAny));
  stream.end(format.sendsDone);
}

function failResponse(req: IncomingMessage, res: ServerResponse, stream: SseStream | null, error: LlamaError): void {
  if (stream?.isOpen === true) {
    stream.send([JSON.stringify(error.body)]);
    stream.end(false);
    return;
  }
  sendError(req, res, error);
}

/** POST /v1/embeddings: 501 unless started with --embeddings, as llama-server answers. */
export const handleEmbeddings: Handler = (ctx, req, res, body) => {
  if (!ctx.switches.embeddings) {
    return sendError(req, res, notSupportedError('This server does not support embeddings. Start it with `--embeddings`'));
  }
  const inputs = readEmbeddingInputs(body);
  if ('error' in inputs) return sendError(req, res, inputs.error);
  const params = { nPredict: 0, ignoreEos: false, stream: false, cachePrompt: false, seed: 0, temperature: 0 };
  const jobs = inputs.value.map((input) => runEmbedding(ctx, res, 'embedding', ctx.engine.tokenize(input, true), params));
  Promise.all(jobs).then(
    (results) => {
      const nTokens = results.reduce((sum, result) => sum + result.nPromptTokens, 0);
      sendJson(req, res, 200, {
        model: typeof body.model === 'string' ? body.model : ctx.facts.modelId,
        object: 'list',
        usage: { prompt_tokens: nTokens, total_tokens: nTokens },
        data: results.map((result, index) => ({ embedding: result.embedding ?? [], index, object: 'embedding' })),
      });
    },
    (error: LlamaError) => sendError(req, res, error),
  );
};

function runEmbedding(ctx: DemoContext, res: ServerResponse, kind: TaskKind, tokens: number[], params: CompletionRequest['params']): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const task = ctx.scheduler.submit(kind, tokens, params, {
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
    });
    res.on('close', () => {
      if (!settled) ctx.scheduler.cancel(task);
    });
  });
}
