import { z } from 'zod';
import { flagByKey } from '../llama/flag-catalog';
import type { LlamaFlag } from '../llama/flag-types';
import { EpochMs } from './ids';

/**
 * How the server was started, with what is known of it. The launchers that act on it come with
 * the configure issue; until then it is a record: `unknown` says so rather than guessing.
 */
export const LaunchMethod = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('process'), pid: z.number().int().positive().optional(), executable: z.string().optional() }),
  z.object({ kind: z.literal('systemd'), unit: z.string().min(1).optional() }),
  z.object({ kind: z.literal('container'), containerId: z.string().min(1).optional(), image: z.string().optional() }),
  z.object({ kind: z.literal('compose'), project: z.string().optional(), service: z.string().optional() }),
  z.object({ kind: z.literal('demo') }),
  z.object({ kind: z.literal('unknown'), reason: z.string().optional() }),
]);
export type LaunchMethod = z.infer<typeof LaunchMethod>;

const noNul = (text: string): boolean => !text.includes('\0');

/**
 * CPU limits of the container the server runs in (`--cpus`, `--cpuset-cpus`; compose `cpus:`,
 * `cpuset:`), read and written by the launchers that run it in one (container, compose, a systemd
 * unit whose ExecStart is `podman run`). Given to a launcher's apply, absent means "keep the
 * container's limits as they are"; a member left out removes that limit.
 */
export const ContainerCpuLimits = z.object({
  cpus: z.number().positive().max(65_536).optional(),
  cpusetCpus: z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'a CPU list such as 0-7,16').optional(),
});
export type ContainerCpuLimits = z.infer<typeof ContainerCpuLimits>;

export const ConfigFlagValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string()).readonly()]);

/**
 * A llama-server configuration: the model, the flags by catalog key (`parallel`, `ubatchSize`)
 * with values of the flag's type, other environment variables the server runs with
 * (`CUDA_VISIBLE_DEVICES`), and the arguments the catalog does not know, kept verbatim so nothing
 * typed by the user is lost. Every value here can be written as a command line and read back as
 * the same configuration (src-shared/llama/server-args.ts).
 */
export const ServerConfig = z
  .object({
    /** `-m`: the model file; absent when not known (or a router-mode server). */
    model: z.string().refine(noNul, 'no NUL characters').optional(),
    flags: z.record(z.string(), ConfigFlagValue),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string().refine(noNul)).optional(),
    extraArgs: z.array(z.string().refine(noNul)).optional(),
    launch: LaunchMethod.optional(),
    container: ContainerCpuLimits.optional(),
  })
  .superRefine((config, ctx) => {
    for (const [key, value] of Object.entries(config.flags)) {
      const problem = flagValueProblem(key, value);
      if (problem !== null) ctx.addIssue({ code: 'custom', path: ['flags', key], message: problem });
    }
  });
export type ServerConfig = z.infer<typeof ServerConfig>;

/** Why `value` is not a valid value of the catalog flag `key`, or null when it is. */
export function flagValueProblem(key: string, value: unknown): string | null {
  if (key === 'model') return 'the model is ServerConfig.model, not a flag';
  const flag = flagByKey(key);
  if (flag === undefined) return `'${key}' is not a llama-server flag of the catalog`;
  return valueProblem(flag, value);
}

function valueProblem(flag: LlamaFlag, value: unknown): string | null {
  switch (flag.type) {
    case 'int':
    case 'float':
      return numberProblem(flag, value);
    case 'enum':
      return typeof value === 'string' && (flag.choices ?? []).includes(value) ? null : `expected one of ${(flag.choices ?? []).join(', ')}`;
    case 'toggle':
      if (typeof value !== 'boolean') return 'expected true or false';
      return value || flag.negNames !== undefined || flag.env !== undefined ? null : `${flag.names[0] ?? flag.key} has no spelling that turns it off; leave it out`;
    case 'list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && isListItem(item)) ? null : 'expected a list of non-empty words without commas';
    case 'string':
      return typeof value === 'string' && noNul(value) ? null : 'expected text';
  }
}

/** A list item survives the comma join and the trimming split the parser does. */
export function isListItem(item: string): boolean {
  return item.length > 0 && item === item.trim() && !item.includes(',') && noNul(item);
}

function numberProblem(flag: LlamaFlag, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
  if (flag.type === 'int' && !Number.isSafeInteger(value)) return 'expected an integer';
  const isBelow = flag.min !== undefined && value < flag.min;
  const isAbove = flag.max !== undefined && value > flag.max;
  return isBelow || isAbove || (flag.invalidValues ?? []).includes(value) ? `${value} is out of range` : null;
}

/** Where one field of a recorded configuration came from. */
export const FieldOrigin = z.discriminatedUnion('from', [
  /** The process's command line, as spelled there (`-np`). */
  z.object({ from: z.literal('argv'), spelling: z.string() }),
  /** The process's environment (`LLAMA_ARG_N_PARALLEL`). */
  z.object({ from: z.literal('env'), name: z.string() }),
  /** A field of the server's GET /props (`total_slots`, `demo_settings.threads`). */
  z.object({ from: z.literal('props'), field: z.string() }),
]);
export type FieldOrigin = z.infer<typeof FieldOrigin>;

/**
 * The configuration a run (or an inventory) saw, and how it was learned. `props`: read from the
 * server's GET /props, so values are what the server runs with (an auto `-np` shows as its slot
 * count), and flags /props does not show are absent, not defaults. `process`: parsed from the
 * process's command line and environment. `unknown`: neither could be read; `note` says why.
 */
export const RecordedServerConfig = z.object({
  source: z.enum(['props', 'process', 'unknown']),
  readAt: EpochMs,
  config: ServerConfig.optional(),
  /** By field: `model` or a flag key. */
  origins: z.record(z.string(), FieldOrigin).default({}),
  /** Facts the server reported that are not flags. */
  reported: z
    .object({
      buildInfo: z.string().optional(),
      totalSlots: z.number().int().nonnegative().optional(),
      nCtxPerSlot: z.number().int().nonnegative().optional(),
      isDemo: z.boolean().optional(),
    })
    .optional(),
  /** What could not be read, in words a user can act on. */
  note: z.string().optional(),
});
export type RecordedServerConfig = z.infer<typeof RecordedServerConfig>;
