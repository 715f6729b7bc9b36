import { describe, expect, it } from 'vitest';
import { createImportUploads } from '../../../../../src-main/core/bench/runs/import-upload';
import { AppError } from '../../../../../src-shared/errors';

function caught(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('bench import uploads', () => {
  it('joins parts sent in order into the text bench.import takes, then forgets it', () => {
    const uploads = createImportUploads();
    const { uploadId } = uploads.append({ index: 0, text: '| model | t/s |\n' });
    expect(uploads.append({ uploadId, index: 1, text: '| ünï 𝄞 | 1 |\n' })).toEqual({ uploadId, receivedBytes: 16 + 19 });
    expect(uploads.take(uploadId)).toBe('| model | t/s |\n| ünï 𝄞 | 1 |\n');
    expect(caught(() => uploads.take(uploadId)).code).toBe('not_found');
  });

  it('drops an upload whose part arrives out of order, so a gap never imports', () => {
    const uploads = createImportUploads();
    const { uploadId } = uploads.append({ index: 0, text: 'a' });
    const error = caught(() => uploads.append({ uploadId, index: 2, text: 'c' }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/part 2 .* part 1/i) });
    expect(uploads.openCount()).toBe(0);
  });

  it('refuses the part that crosses the size cap with a hint, and frees what was held', () => {
    const uploads = createImportUploads({ maxBytes: 10 });
    const { uploadId } = uploads.append({ index: 0, text: '12345678' });
    const error = caught(() => uploads.append({ uploadId, index: 1, text: '9ab' }));
    expect(error.code).toBe('invalid_input');
    expect(error.hint).toMatch(/llama-bench output is a few kilobytes/);
    expect(error.details).toMatchObject({ reason: 'too_large', bytes: 11 });
    expect(uploads.openCount()).toBe(0);
  });

  it('drops an upload left idle past its expiry at the next call', () => {
    let nowMs = 1_000;
    const uploads = createImportUploads({ idleMs: 60_000, nowMs: () => nowMs });
    const { uploadId } = uploads.append({ index: 0, text: 'a' });
    nowMs += 60_001;
    expect(caught(() => uploads.append({ uploadId, index: 1, text: 'b' })).code).toBe('not_found');
    expect(uploads.openCount()).toBe(0);
  });

  it('keeps at most maxOpen uploads open, and makes room once one expires', () => {
    let nowMs = 0;
    const uploads = createImportUploads({ maxOpen: 2, idleMs: 1_000, nowMs: () => nowMs });
    uploads.append({ index: 0, text: 'a' });
    uploads.append({ index: 0, text: 'b' });
    expect(caught(() => uploads.append({ index: 0, text: 'c' }))).toMatchObject({ code: 'conflict', hint: expect.stringMatching(/wait/i) });
    nowMs += 1_001;
    expect(uploads.append({ index: 0, text: 'c' }).receivedBytes).toBe(1);
    expect(uploads.openCount()).toBe(1);
  });

  it('refuses a first part that does not start at index 0', () => {
    const uploads = createImportUploads();
    expect(caught(() => uploads.append({ index: 3, text: 'x' })).code).toBe('invalid_input');
    expect(uploads.openCount()).toBe(0);
  });
});
