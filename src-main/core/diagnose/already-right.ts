import type { BottleneckClassId, SettingAudit } from '../../../src-shared/schemas/diagnosis-findings';
import { evidenceOf, pct, value, type RuleContext, type RuleResult } from './rules/rule';

type Audit = (context: RuleContext, named: ReadonlySet<BottleneckClassId>) => SettingAudit | null;

const threadsAudit: Audit = (context, named) => {
  const [threads, budget] = [value(context, 'thrCfg'), value(context, 'cpuBudget')];
  if (threads === null || budget === null || threads !== budget || ['C3', 'C5', 'C6'].some((id) => named.has(id as BottleneckClassId))) return null;
  const shared = context.evidence.isLoadgenOnServerHost === true ? ', the load generator keeping the rest' : '';
  return { flag: 'threads', sentence: `-t ${threads} matches the ${budget} core${budget === 1 ? '' : 's'} the server may use${shared}.`, evidence: [...evidenceOf(context, 'thrCfg'), ...evidenceOf(context, 'cpuBudget')] };
};

const slotsAudit: Audit = (context, named) => {
  const [slots, width] = [value(context, 'slots'), value(context, 'batchWidth')];
  if (slots === null || width === null || ['C7', 'C8', 'C9'].some((id) => named.has(id as BottleneckClassId)) || width < slots * 0.8) return null;
  return { flag: 'parallel', sentence: `-np ${slots}: all ${slots} slots decoded together (${width.toFixed(1)} processing per scrape), and more would only move latency around while the compute is saturated.`, evidence: [...evidenceOf(context, 'slots'), ...evidenceOf(context, 'batchWidth')] };
};

const contextAudit: Audit = (context, named) => {
  const [rate, fill, slotContext] = [value(context, 'contextExceededRate'), value(context, 'ctxFill'), value(context, 'slotContext')];
  if (rate !== 0 || fill === null || slotContext === null || named.has('C8') || named.has('C11')) return null;
  return { flag: 'ctxSize', sentence: `the ${slotContext}-token slot context is enough: the fullest slot held ${pct(fill)} of it and no request was refused.`, evidence: [...evidenceOf(context, 'slotContext'), ...evidenceOf(context, 'ctxFill'), ...evidenceOf(context, 'contextExceededRate')] };
};

const scrapeAudit: Audit = (context) => {
  const scrape = context.focus.summary.server;
  const hasScrapes = context.focus.serverSamples.some((sample) => sample.metrics !== null) && context.focus.serverSamples.some((sample) => sample.slots !== null);
  if (!hasScrapes && !(scrape?.metricsAvailable && scrape.slotsAvailable)) return null;
  return { flag: 'metrics', sentence: '--metrics and --slots are on: the queue, the slots and the decode counters could be read.', evidence: [] };
};

const offloadAudit: Audit = (context, named) => {
  const [offloaded, layers] = [value(context, 'offloadedLayers'), value(context, 'modelLayers')];
  if (offloaded === null || layers === null || offloaded < layers || named.has('C12')) return null;
  return { flag: 'gpuLayers', sentence: `all ${layers} layers run on the GPU.`, evidence: [...evidenceOf(context, 'offloadedLayers'), ...evidenceOf(context, 'modelLayers')] };
};

/** The settings the evidence shows are right, as an auditor would list them; none for a class a finding named. */
export function alreadyRight(results: readonly RuleResult[], context: RuleContext): SettingAudit[] {
  const named = new Set(results.map((result) => result.finding.classId));
  return [threadsAudit, slotsAudit, contextAudit, scrapeAudit, offloadAudit].flatMap((audit) => audit(context, named) ?? []);
}
