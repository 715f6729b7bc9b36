import type { ConfigChange } from '../../../../src-shared/schemas/finding';
import { fromNow, type RuleContext } from './rule';

/**
 * `-np N -kvu`: more slots, with the KV pool unified so every slot can use all of `-c` (an
 * explicit -np turns the unified pool off, cutting each slot to -c/np; diagnosis-rules.md C2, C7).
 */
export function slotsChanges(context: RuleContext, slots: number, reason: string): ConfigChange[] {
  return [
    { flag: 'parallel', ...fromNow(context, 'parallel'), to: slots, reason },
    { flag: 'kvUnified', ...fromNow(context, 'kvUnified'), to: true, reason: 'an explicit -np turns the unified KV pool off, cutting each slot to -c/np (diagnosis-rules.md C7)' },
  ];
}
