/**
 * Error bodies exactly as llama-server v0.5.0 writes them (captured in
 * test/fixtures/llama-server). Two key orders exist: errors raised by the HTTP layer
 * (`server-http.cpp`: loading, unknown path, bad API key) write message, type, code; errors from
 * `format_error_response` write code, message, type. Clients compare bodies, so the order matters.
 */

export interface LlamaError {
  readonly status: number;
  readonly body: { readonly error: Readonly<Record<string, string | number>> };
}

function fromResponse(status: number, message: string, type: string): LlamaError {
  return { status, body: { error: { code: status, message, type } } };
}

function fromHttpLayer(status: number, message: string, type: string): LlamaError {
  return { status, body: { error: { message, type, code: status } } };
}

/** 503 while the model loads; every endpoint answers it, /health included. */
export const loadingError = (): LlamaError => fromHttpLayer(503, 'Loading model', 'unavailable_error');

/** 404 for any unknown path. */
export const notFoundError = (): LlamaError => fromHttpLayer(404, 'File Not Found', 'not_found_error');

/** 401 when an API key is set and the request lacks a valid one. */
export const authError = (): LlamaError => fromHttpLayer(401, 'Invalid API Key', 'authentication_error');

export const invalidRequestError = (message: string): LlamaError => fromResponse(400, message, 'invalid_request_error');

/** 500: llama.cpp answers a malformed JSON body with a server error, not a 400. */
export const serverError = (message: string): LlamaError => fromResponse(500, message, 'server_error');

export const notSupportedError = (message: string): LlamaError => fromResponse(501, message, 'not_supported_error');

export const unavailableError = (message: string): LlamaError => fromResponse(503, message, 'unavailable_error');

/** 400 when the prompt alone fills the slot's context; carries both numbers for clients. */
export function exceedContextError(nPromptTokens: number, nCtx: number): LlamaError {
  const message = `request (${nPromptTokens} tokens) exceeds the available context size (${nCtx} tokens), try increasing it`;
  return {
    status: 400,
    body: { error: { code: 400, message, type: 'exceed_context_size_error', n_prompt_tokens: nPromptTokens, n_ctx: nCtx } },
  };
}

/** The 500 nlohmann::json gives for a malformed body, with line and column computed from the JSON error. */
export function badJsonError(text: string, cause: unknown): LlamaError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const positionMatch = /position (\d+)/.exec(detail);
  const position = positionMatch === null ? text.length : Number(positionMatch[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return serverError(`[json.exception.parse_error.101] parse error at line ${line}, column ${column}: syntax error - ${detail}`);
}
