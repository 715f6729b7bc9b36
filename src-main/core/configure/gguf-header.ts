import { gguf } from '@huggingface/gguf';
import { modelFactsFromGguf, type ModelFacts } from '../../../src-shared/config/model-facts';
import { AppError } from '../../../src-shared/errors';
import { shScriptArgv } from '../hosts/argv';
import type { HostSession } from '../hosts/host-session';

/** A model file's GGUF header as read on its host. */
export interface GgufHeader {
  readonly path: string;
  readonly fileBytes: number;
  readonly facts: ModelFacts;
  /** Bytes that crossed the session: the header's chunks, never the whole weights of a big model. */
  readonly bytesRead: number;
}

/**
 * Prints the file's size, then the bytes [$2, $2 + $3) as base64 (hex from od where base64 is
 * missing), each after a line naming the encoding. The path reaches the script only as $1, and
 * is read through redirections so a name starting with `-` stays a name. Exit 3: no such file;
 * 4: not a readable regular file.
 */
const rangeScript = [
  'f=$1; off=$2; len=$3',
  '[ -e "$f" ] || exit 3',
  '[ -f "$f" ] && [ -r "$f" ] || exit 4',
  'wc -c < "$f" || exit 4',
  'if command -v base64 >/dev/null 2>&1; then echo base64; tail -c "+$((off + 1))" < "$f" | head -c "$len" | base64',
  'else echo hex; tail -c "+$((off + 1))" < "$f" | head -c "$len" | od -An -v -tx1; fi',
].join('\n');

const rangeTimeoutMs = 60_000;

/**
 * Reads the GGUF header of the model file at `path` on the session's host and returns what the
 * memory estimate and the presets need. Only byte ranges the parser asks for cross the session
 * (@huggingface/gguf reads 2 MB chunks until the header ends), as base64 text, so it works over
 * SSH on any POSIX host with `tail`, `head` and `base64` or `od`. Rejects with `not_found`
 * naming the path and the host when the file is missing, `invalid_input` when it is not a
 * readable file, and `parse_error` when it is not a GGUF model llama.cpp could size.
 */
export async function readGgufHeader(session: HostSession, path: string): Promise<GgufHeader> {
  let fileBytes = 0;
  let bytesRead = 0;
  const fetchRange = async (_url: unknown, init?: { headers?: Record<string, string> }): Promise<Response> => {
    const [first, last] = parseRange(init?.headers?.Range);
    const range = await readRange(session, { path, offset: first, length: last - first + 1 });
    fileBytes = range.fileBytes;
    bytesRead += range.bytes.length;
    const end = first + Math.max(range.bytes.length, 1) - 1;
    return new Response(range.bytes, { status: 206, headers: { 'content-range': `bytes ${first}-${end}/${range.fileBytes}` } });
  };
  let parsed: Awaited<ReturnType<typeof gguf>>;
  try {
    // The URL is never fetched: every range goes through fetchRange over the session.
    parsed = await gguf(`https://host-session.invalid/${encodeURIComponent(path)}`, { fetch: fetchRange as typeof fetch });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('parse_error', `${path} on ${session.label} is not a GGUF model file: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { path, fileBytes, facts: modelFactsFromGguf(parsed.metadata as Record<string, unknown>, fileBytes), bytesRead };
  } catch (error) {
    throw new AppError('parse_error', `${path} on ${session.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseRange(header: string | undefined): [number, number] {
  const match = /^bytes=(\d+)-(\d+)$/.exec(header ?? '');
  if (match?.[1] === undefined || match[2] === undefined) throw new AppError('internal', `unexpected range request ${String(header)}`);
  return [Number(match[1]), Number(match[2])];
}

interface RangeRequest {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

async function readRange(session: HostSession, request: RangeRequest): Promise<{ fileBytes: number; bytes: Buffer }> {
  const argv = shScriptArgv(rangeScript, 'llmwb-gguf-range', [request.path, String(request.offset), String(request.length)]);
  const result = await session.exec(argv, { timeoutMs: rangeTimeoutMs });
  if (result.exitCode === 3) {
    throw new AppError('not_found', `The model file ${request.path} does not exist on ${session.label}.`, {
      hint: 'Check the -m path as the server sees it on that host (a container sees its own mounts).',
      details: { path: request.path, host: session.label },
    });
  }
  if (result.exitCode === 4) throw new AppError('invalid_input', `${request.path} on ${session.label} is not a readable file.`, { details: { path: request.path } });
  if (result.exitCode !== 0) {
    throw new AppError('remote_command_failed', `Reading ${request.path} on ${session.label} failed (exit ${String(result.exitCode)}): ${result.stderr.trim().split('\n')[0] ?? ''}`);
  }
  const [sizeLine = '', encoding = '', ...body] = result.stdout.split('\n');
  const text = body.join('');
  const bytes = encoding === 'hex' ? Buffer.from(text.replace(/\s+/g, ''), 'hex') : Buffer.from(text, 'base64');
  return { fileBytes: Number(sizeLine.trim()), bytes };
}
