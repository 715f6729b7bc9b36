import { modelsBody, propsBody, slotBody } from '../format/info-format';
import { renderPrometheus } from '../format/prometheus';
import { invalidRequestError, notSupportedError, unavailableError } from '../llama-errors';
import type { DemoContext } from './demo-context';
import { sendError, sendJson, sendText, type Exchange, type JsonBody } from './http-io';
import { readMessages } from './request-params';

/**
 * The read-only endpoints: health, models, props, slots, metrics, and the token helpers a load
 * generator uses to calibrate prompt lengths.
 */

/** Captured once: llama.cpp's `Process-Start-Time-Unix` is its monotonic µs clock at start, not a Unix time. */
export function monotonicMicros(): string {
  return String(process.hrtime.bigint() / 1000n);
}

export function handleHealth(_ctx: DemoContext, x: Exchange): void {
  sendJson(x, 200, { status: 'ok' });
}

export function handleModels(ctx: DemoContext, x: Exchange): void {
  sendJson(x, 200, modelsBody(ctx.facts));
}

export function handleProps(ctx: DemoContext, x: Exchange): void {
  sendJson(x, 200, propsBody(ctx.facts));
}

/** POST /props: only with --props; the demo accepts the call and changes nothing it does not model. */
export function handlePropsPost(ctx: DemoContext, x: Exchange): void {
  if (!ctx.switches.propsEndpoint) {
    sendError(x, notSupportedError('This server does not support changing global properties. Start it with `--props`'));
    return;
  }
  sendJson(x, 200, { success: true });
}

export function handleSlots(ctx: DemoContext, x: Exchange, query: URLSearchParams): void {
  if (!ctx.switches.slotsEndpoint) {
    sendError(x, notSupportedError('This server does not support slots endpoint. Start it with `--slots`'));
    return;
  }
  const slots = ctx.scheduler.slots;
  const failOnNoSlot = query.get('fail_on_no_slot');
  if (failOnNoSlot !== null && failOnNoSlot !== '0' && failOnNoSlot !== 'false' && slots.every((slot) => slot.isProcessing)) {
    sendError(x, unavailableError('no slot available'));
    return;
  }
  sendJson(x, 200, slots.map((slot) => slotBody(slot, ctx.facts.serverNPredict)));
}

export function createMetricsHandler(startMicros: string) {
  return (ctx: DemoContext, x: Exchange): void => {
    if (!ctx.switches.metrics) {
      sendError(x, notSupportedError('This server does not support metrics endpoint. Start it with `--metrics`'));
      return;
    }
    const snapshot = ctx.scheduler.metrics.readAndResetWindow();
    const text = renderPrometheus(snapshot, { requestsProcessing: ctx.scheduler.processing, requestsDeferred: ctx.scheduler.deferred });
    sendText(x, { contentType: 'text/plain; version=0.0.4', text, headers: { 'Process-Start-Time-Unix': startMicros } });
  };
}

/** POST /tokenize: `{"tokens":[…]}`, or `[{id, piece}]` with `with_pieces`. */
export function handleTokenize(ctx: DemoContext, x: Exchange, body: JsonBody): void {
  if (typeof body.content !== 'string') {
    sendError(x, invalidRequestError('"content" must be a string'));
    return;
  }
  const tokens = ctx.engine.tokenize(body.content, body.add_special === true);
  const value = body.with_pieces === true ? tokens.map((id) => ({ id, piece: ctx.engine.detokenize([id]) })) : tokens;
  sendJson(x, 200, { tokens: value });
}

export function handleDetokenize(ctx: DemoContext, x: Exchange, body: JsonBody): void {
  const tokens = Array.isArray(body.tokens) ? body.tokens.filter((id): id is number => Number.isInteger(id)) : [];
  sendJson(x, 200, { content: ctx.engine.detokenize(tokens) });
}

export function handleApplyTemplate(ctx: DemoContext, x: Exchange, body: JsonBody): void {
  const messages = readMessages(body);
  if ('error' in messages) return sendError(x, messages.error);
  sendJson(x, 200, { prompt: ctx.engine.applyChatTemplate(messages.value) });
}

/** POST /v1/chat/completions/input_tokens: equals the chat's `usage.prompt_tokens` (BOS included). */
export function handleInputTokens(ctx: DemoContext, x: Exchange, body: JsonBody): void {
  const messages = readMessages(body);
  if ('error' in messages) return sendError(x, messages.error);
  const count = ctx.engine.tokenize(ctx.engine.applyChatTemplate(messages.value), true).length;
  sendJson(x, 200, { input_tokens: count, object: 'response.input_tokens' });
}
