import { randomBytes } from 'node:crypto';
import { benchImportTooLarge, maxBenchImportBytes } from '../../../../src-shared/contract/bench.contract';
import { AppError } from '../../../../src-shared/errors';

export interface ImportUploadOptions {
  /** Cap on one upload, in UTF-8 bytes; maxBenchImportBytes by default. */
  maxBytes?: number;
  /** How many uploads may be open at once; an abandoned one holds memory until it expires. */
  maxOpen?: number;
  /** An upload that receives no part for this long is dropped (ms). */
  idleMs?: number;
  /** Clock (epoch ms); tests pass their own. */
  nowMs?: () => number;
}

export interface ImportPart {
  uploadId?: string;
  index: number;
  text: string;
}

interface Upload {
  parts: string[];
  bytes: number;
  touchedMs: number;
}

/**
 * Holds llama-bench output sent in parts (bench.importPart) until bench.import takes it, so an
 * input larger than one WebSocket message still arrives. Memory is bounded: each upload by
 * `maxBytes`, their number by `maxOpen`, and one left idle for `idleMs` is dropped at the next
 * call. Parts must arrive in order; one out of order drops its upload, so a gap never imports.
 */
export function createImportUploads(options: ImportUploadOptions = {}) {
  const maxBytes = options.maxBytes ?? maxBenchImportBytes;
  const maxOpen = options.maxOpen ?? 4;
  const idleMs = options.idleMs ?? 60_000;
  const nowMs = options.nowMs ?? Date.now;
  const uploads = new Map<string, Upload>();

  const dropIdle = (now: number) => {
    for (const [id, upload] of uploads) if (now - upload.touchedMs > idleMs) uploads.delete(id);
  };

  const open = (now: number): [string, Upload] => {
    if (uploads.size >= maxOpen) {
      throw new AppError('conflict', `${maxOpen} imports are already being sent.`, { hint: 'Wait for them to finish; one abandoned part-way is dropped after a minute.' });
    }
    const entry: [string, Upload] = [randomBytes(16).toString('base64url'), { parts: [], bytes: 0, touchedMs: now }];
    uploads.set(...entry);
    return entry;
  };

  return {
    /** Adds one part; the first (no uploadId, index 0) opens the upload. Returns its id and size so far. */
    append(part: ImportPart): { uploadId: string; receivedBytes: number } {
      const now = nowMs();
      dropIdle(now);
      const [uploadId, upload] = part.uploadId === undefined ? open(now) : [part.uploadId, existing(uploads, part.uploadId)];
      const bytes = upload.bytes + Buffer.byteLength(part.text, 'utf8');
      if (part.index !== upload.parts.length || bytes > maxBytes) {
        uploads.delete(uploadId);
        if (bytes > maxBytes) throw benchImportTooLarge('This output', bytes);
        throw new AppError('invalid_input', `Part ${part.index} of an import arrived where part ${upload.parts.length} was expected.`, { hint: 'Import the file again.' });
      }
      upload.parts.push(part.text);
      upload.bytes = bytes;
      upload.touchedMs = now;
      return { uploadId, receivedBytes: bytes };
    },
    /** The whole text of an upload, which is then forgotten. */
    take(uploadId: string): string {
      dropIdle(nowMs());
      const text = existing(uploads, uploadId).parts.join('');
      uploads.delete(uploadId);
      return text;
    },
    /** How many uploads are open now (for tests and diagnostics). */
    openCount(): number {
      return uploads.size;
    },
  };
}

export type ImportUploads = ReturnType<typeof createImportUploads>;

function existing(uploads: Map<string, Upload>, uploadId: string): Upload {
  const upload = uploads.get(uploadId);
  if (upload === undefined) {
    throw new AppError('not_found', 'This import’s earlier parts are gone: it was idle too long, or already imported.', { hint: 'Import the file again.' });
  }
  return upload;
}
