import { AppError } from '../../../src-shared/errors';

/**
 * The house error for outside text that cannot be read (as telemetry's parsers throw it):
 * `cannot read <endpoint> output (<why>); first line: "<line>"`, code `parse_error`. A scrape
 * records it for that sample and carries on; it never stops a run.
 */
export function serverParseError(options: { endpoint: string; text: string; why: string }): AppError {
  const line = options.text.split('\n').find((candidate) => candidate.trim() !== '')?.trim() ?? '';
  const first = line.length > 120 ? `${line.slice(0, 117)}...` : line;
  return new AppError('parse_error', `cannot read ${options.endpoint} output (${options.why}); first line: "${first}"`, {
    details: { endpoint: options.endpoint, firstLine: first },
  });
}
