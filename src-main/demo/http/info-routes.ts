import type { IncomingMessage, ServerResponse } from 'node:http';
import { modelsBody, propsBody, slotBody } from '../format/info-format';
import { renderPrometheus } from '../format/prometheus';
import { invalidRequestError, notSupportedError, unavailableError } from '../llama-errors';
import type { DemoContext } from './demo-context';
import { sendError, sendJson, sendText, type JsonBody } from './http-io';
import { readMessages } from './request-params';

/**
 * The read-only endpoints: health, models, props, slots, metrics, and the token helpers a load
 * generator uses to calibrate prompt lengths.
 */

/** Captured once: llama.cpp's `Process-Start-Time-Unix` is its monotonic µs clock at start, not a Unix time. */
export function monotonicMicros(): string {
  return String(process.hrtime.bigint() / 1000n);
}

export function handleHealth(_ctx: DemoContext, req: IncomingMessage, res: ServerResponse): void {
  sendJson(req, res, 200, { status: 'ok' });
}

export function handleModels(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): void {
  sendJson(req, res, 200, modelsBody(ctx.facts));
}

export function handleProps(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): void {
  sendJson(req, res, 200, propsBody(ctx.facts));
}

/** POST /props: only with --props; the demo accepts the call and changes nothing it does not model. */
export function handlePropsPost(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): void {
  if (!ctx.switches.propsEndpoint) {
    sendError(req, res, notSupportedError('This server does not support changing global properties. Start it with `--props`'));
    return;
  }
  sendJson(req, res, 200, { success: true });
}

export function handleSlots(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  if (!ctx.switches.slotsEndpoint) {
    sendError(req, res, notSupportedError('This server does not support slots endpoint. Start it with `--slots`'));
    return;
  }
  const slots = ctx.scheduler.slots;
  const failOnNoSlot = query.get('fail_on_no_slot');
  if (failOnNoSlot !== null && failOnNoSlot !== '0' && failOnNoSlot !== 'false' && slots.every((slot) => slot.isProcessing)) {
    sendError(req, res, unavailableError('no slot available'));
    return;
  }
  sendJson(req, res, 200, slots.map((slot) => slotBody(slot, ctx.facts.serverNPredict)));
}

export function createMetricsHandler(startMicros: string) {
  return (ctx: DemoContext, req: IncomingMessage, res: ServerResponse): void => {
    if (!ctx.switches.metrics) {
      sendError(req, res, notSupportedError('This server does not support metrics endpoint. Start it with `--metrics`'));
      return;
    }
    const snapshot = ctx.scheduler.metrics.readAndResetWindow();
    const text = renderPrometheus(snapshot, { requestsProcessing: ctx.scheduler.processing, requestsDeferred: ctx.scheduler.deferred });
    sendText(req, res, 'text/plain; version=0.0.4', text, { 'Process-Start-Time-Unix': startMicros });
  };
}

/** POST /tokenize: `{"tokens":[…]}`, or `[{id, piece}]` with `with_pieces`. */
export function handleTokenize(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, body: JsonBody): void {
  if (typeof body.content !== 'string') {
    sendError(req, res, invalidRequestError('"content" must be a string'));
    return;
  }
  const tokens = ctx.engine.tokenize(body.content, body.add_special === true);
  const value = body.with_pieces === true ? tokens.map((id) => ({ id, piece: ctx.engine.detokenize([id]) })) : tokens;
  sendJson(req, res, 200, { tokens: value });
}

export function handleDetokenize(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, body: JsonBody): void {
  const tokens = Array.isArray(body.tokens) ? body.tokens.filter((id): id is number => Number.isInteger(id)) : [];
  sendJson(req, res, 200, { content: ctx.engine.detokenize(tokens) });
}

export function handleApplyTemplate(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, body: JsonBody): void {
  const messages = readMessages(body);
  if ('error' in messages) return sendError(req, res, messages.error);
  sendJson(req, res, 200, { prompt: ctx.engine.applyChatTemplate(messages.value) });
}

/** POST /v1/chat/completions/input_tokens: equals the chat's `usage.prompt_tokens` (BOS included). */
export function handleInputTokens(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, body: JsonBody): void {
  const messages = readMessages(body);
  if ('error' in messages) return sendError(req, res, messages.error);
  const count = ctx.engine.tokenize(ctx.engine.applyChatTemplate(messages.value), true).length;
  sendJson(req, res, 200, { input_tokens: count, object: 'response.input_tokens' });
}
