import { z } from 'zod';
import { flagByKey } from '../llama/flag-catalog';
import type { LlamaFlag } from '../llama/flag-types';
import { EpochMs } from './ids';

/** How much a finding matters: `info` is worth knowing, `warning` may skew results, `critical` spoils them. */
export const FindingSeverity = z.enum(['info', 'warning', 'critical']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

/** A coarse rank used to order recommendations (impact high first, effort and risk low first). */
export const FindingLevel = z.enum(['low', 'medium', 'high']);
export type FindingLevel = z.infer<typeof FindingLevel>;

/** A key of the llama-server flag catalog (`threads`, `parallel`); anything else is refused. */
export const FlagKey = z.string().refine((key) => flagByKey(key) !== undefined, { message: 'not a flag of the llama-server catalog (src-shared/llama)' });

export const ConfigValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);
export type ConfigValue = z.infer<typeof ConfigValue>;

function fitsFlag(flag: LlamaFlag, value: ConfigValue): boolean {
  switch (flag.type) {
    case 'int':
      return Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    case 'toggle':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'enum':
      return typeof value === 'string' && (flag.choices?.includes(value) ?? false);
    case 'string':
      return typeof value === 'string';
  }
}

/**
 * One change to a server's configuration, named by its catalog key so the configure room can
 * apply it to any launch method. `from` is absent when the flag was not set (the catalog default
 * applied). Values must have the flag's type: an int for `threads`, a choice for an enum.
 */
export const ConfigChange = z
  .object({
    flag: FlagKey,
    from: ConfigValue.optional(),
    to: ConfigValue,
    /** Why, in one sentence a user can check against the evidence. */
    reason: z.string().min(1),
  })
  .superRefine((change, ctx) => {
    const flag = flagByKey(change.flag);
    if (flag === undefined) return;
    for (const side of ['from', 'to'] as const) {
      const value = change[side];
      if (value !== undefined && !fitsFlag(flag, value)) ctx.addIssue({ code: 'custom', path: [side], message: `${JSON.stringify(value)} is not a valid ${flag.type} for ${flag.names.join('/')}` });
    }
  });
export type ConfigChange = z.infer<typeof ConfigChange>;

/**
 * Where a figure was read: an inventory of a host, a run's summary, one telemetry sample, the
 * server's log or its configuration (flags, /props), or a llama-bench result.
 */
export const EvidenceSource = z.object({
  kind: z.enum(['inventory', 'run', 'sample', 'log', 'config', 'bench']),
  /** The run id, or the host (`user@host:port`) of an inventory; absent when the rule was not told. */
  id: z.string().optional(),
  /** When the figure was taken (house clock). */
  at: EpochMs.optional(),
});
export type EvidenceSource = z.infer<typeof EvidenceSource>;

/** One recorded figure a finding rests on, with the line it crossed when there is one. */
export const Evidence = z.object({
  /** The figure's name as recorded, with its unit (`cgroup.nrThrottled`, `loopLagP99Ms`). */
  figure: z.string().min(1),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  /** The rule-of-thumb line the value was compared with (same unit), when the rule has one. */
  threshold: z.number().optional(),
  /** True when the threshold is a rule of thumb (diagnosis-rules.md "RoT"): judgement a user may change, not a measured limit. */
  isRuleOfThumb: z.boolean().optional(),
  source: EvidenceSource,
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * What a rule concluded from recorded evidence: data, so the CLI, the UI and the report each
 * render it their own way. `title` is the sentence a user reads today; `suggestion` is the
 * configuration change that would address it, when one flag does.
 */
export const Finding = z.object({
  /** Stable id of the rule that made it (`inventory.cpu-budget`, `client.thread-busy`). */
  ruleId: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, 'rule ids read domain.rule-name'),
  severity: FindingSeverity,
  title: z.string().min(1),
  evidence: z.array(Evidence),
  suggestion: ConfigChange.optional(),
  impact: FindingLevel,
  effort: FindingLevel,
  risk: FindingLevel,
});
export type Finding = z.infer<typeof Finding>;
