import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  authError,
  badJsonError,
  exceedContextError,
  invalidRequestError,
  loadingError,
  notFoundError,
  notSupportedError,
} from '../../../src-main/demo/llama-errors';

function capturedBody(name: string): string {
  const capture = readFileSync(new URL(`../../fixtures/llama-server/${name}`, import.meta.url), 'utf8');
  const start = capture.indexOf('\r\n\r\n');
  return (start >= 0 ? capture.slice(start + 4) : capture).trim();
}

function capturedStatus(name: string): number {
  const capture = readFileSync(new URL(`../../fixtures/llama-server/${name}`, import.meta.url), 'utf8');
  return Number(/^HTTP\/1\.1 (\d+)/.exec(capture)?.[1]);
}

describe('llama.cpp error bodies', () => {
  it('match the captured bodies and statuses, key order included', () => {
    const cases = [
      ['v0.5.0/health-503-loading.txt', loadingError()],
      ['v0.5.0/llamacpp-error-404.txt', notFoundError()],
      ['v0.5.0/llamacpp-error-401.txt', authError()],
      ['v0.5.0/llamacpp-error-exceed-context.txt', exceedContextError(2515, 2048)],
      ['v0.5.0/llamacpp-error-n-too-large.txt', invalidRequestError("Field 'n': Value must be between 1 <= value <= 2, but got 5")],
      ['v0.5.0/llamacpp-error-501-metrics-disabled.txt', notSupportedError('This server does not support metrics endpoint. Start it with `--metrics`')],
      ['v0.5.0/llamacpp-error-501-slots-disabled.txt', notSupportedError('This server does not support slots endpoint. Start it with `--slots`')],
    ] as const;
    for (const [name, error] of cases) {
      expect(JSON.stringify(error.body), name).toBe(capturedBody(name));
      expect(error.status, name).toBe(capturedStatus(name));
    }
    expect(JSON.stringify(exceedContextError(1181, 256).body)).toBe(capturedBody('v0.5.0-captured/12-chat-too-long.body'));
  });

  it('answers malformed JSON with a 500 server_error that points at the line and column', () => {
    const error = badJsonError('{"a":\n [1, 2', new SyntaxError("Expected ',' or ']' after array element in JSON at position 12"));
    expect(error.status).toBe(500);
    expect(error.body.error.type).toBe('server_error');
    expect(error.body.error.message).toMatch(/^\[json\.exception\.parse_error\.101\] parse error at line 2, column 7: /);
    const captured = JSON.parse(capturedBody('v0.5.0/llamacpp-error-bad-json.txt')) as { error: Record<string, unknown> };
    expect(Object.keys(error.body.error)).toEqual(Object.keys(captured.error));
  });
});
