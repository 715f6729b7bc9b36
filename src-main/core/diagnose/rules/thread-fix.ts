import type { ConfigChange } from '../../../../src-shared/schemas/finding';
import { fromNow, type RuleContext } from './rule';

/** `-t N -tb N`: the math threads and the batch threads set together (diagnosis-rules.md C3, C5, C6). */
export function threadChanges(context: RuleContext, threads: number, reason: string): ConfigChange[] {
  return [
    { flag: 'threads', ...fromNow(context, 'threads'), to: threads, reason },
    { flag: 'threadsBatch', ...fromNow(context, 'threadsBatch'), to: threads, reason },
  ];
}
