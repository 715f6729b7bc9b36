import { isDeepStrictEqual } from 'node:util';
import { spellingOf } from '../../../src-shared/config/config-values';
import type { ConfigCheck, ConfigPlan, ConfigPreset, ConfigView } from '../../../src-shared/contract/config.contract';
import { writeServerArgs } from '../../../src-shared/llama/server-args';
import type { JournalEntry } from '../../../src-shared/schemas/config-journal';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';

/** A command line as a user would paste it into sh (display only; nothing runs it). */
export function shellLine(argv: readonly string[]): string {
  return argv.map((word) => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}

const valueText = (value: unknown): string => (value === undefined ? '(unset)' : Array.isArray(value) ? value.join(',') : String(value));

/** `-np: 2 → 4`, one line per flag (and model, env, extra arguments) that differs. */
export function configChanges(before: ServerConfig, after: ServerConfig): string[] {
  const keys = [...new Set([...Object.keys(before.flags), ...Object.keys(after.flags)])];
  const lines = keys.filter((key) => !isDeepStrictEqual(before.flags[key], after.flags[key])).map((key) => `${spellingOf(key)}: ${valueText(before.flags[key])} → ${valueText(after.flags[key])}`);
  if (before.model !== after.model) lines.unshift(`-m: ${valueText(before.model)} → ${valueText(after.model)}`);
  if (!isDeepStrictEqual(before.extraArgs ?? [], after.extraArgs ?? [])) lines.push(`other arguments: ${shellLine(before.extraArgs ?? [])} → ${shellLine(after.extraArgs ?? [])}`);
  if (!isDeepStrictEqual(before.env ?? {}, after.env ?? {})) lines.push('environment: changed');
  if (!isDeepStrictEqual(before.container ?? {}, after.container ?? {})) lines.push(`container CPU limits: ${JSON.stringify(before.container ?? {})} → ${JSON.stringify(after.container ?? {})}`);
  return lines;
}

/** Problems (errors first) and the memory estimate, as `config show`, `set` and `presets` print them. */
export function checkLines(check: ConfigCheck): string[] {
  const lines = check.problems.map((problem) => `${problem.severity === 'error' ? 'error  ' : 'warning'}  ${problem.message}`);
  if (check.memory !== null) {
    lines.push(`memory   ${check.memory.sentence}`);
    for (const note of check.memory.notes) lines.push(`         ${note}`);
  } else if (check.memoryNote !== undefined) lines.push(`memory   not estimated: ${check.memoryNote}`);
  return lines;
}

export function viewLines(view: ConfigView, url: string): string[] {
  const method = view.launch === null ? 'not managed by the workbench (read from the running process)' : `managed by the ${view.launch.kind} method`;
  const lines = [`server   ${url}, ${method}`, `config   ${shellLine(writeServerArgs(view.config).argv)}`];
  if (view.model !== null) lines.push(`model    ${view.model.path}: ${view.model.architecture}, ${view.model.layers} layers, context ${view.model.contextLength}`);
  lines.push(...checkLines(view));
  if (view.suggestedLaunch?.kind === 'process' && view.suggestedLaunch.adoptedPid !== undefined) {
    lines.push(`hint     to change it, let the workbench manage it: --via process --pid ${view.suggestedLaunch.adoptedPid} (the first apply restarts it under the workbench)`);
  }
  return lines;
}

/** The diff an apply will make: the flags that change, the argv, files and commands on the host, the restart. */
export function planLines(plan: ConfigPlan, before: ServerConfig, after: ServerConfig): string[] {
  const changes = configChanges(before, after);
  const lines = changes.length === 0 ? ['change   nothing: the configuration is the one running'] : changes.map((line) => `change   ${line}`);
  lines.push(`- argv   ${shellLine(plan.argvBefore)}`, `+ argv   ${shellLine(plan.argvAfter)}`);
  for (const file of plan.files) {
    lines.push(`file     ${file.path} (${file.before === null ? 'new' : file.after === null ? 'removed' : 'rewritten'})`);
    for (const line of (file.after ?? '').split('\n').filter((text) => text !== '')) lines.push(`  + ${line}`);
  }
  for (const command of plan.commands) lines.push(`run      ${shellLine(command)}`);
  lines.push(`restart  the server restarts through the ${plan.launchKind} method: it is down until it is ready again`);
  return [...lines, ...checkLines(plan)];
}

export function presetLines(preset: ConfigPreset, current: ServerConfig): string[] {
  const changes = configChanges(current, preset.config);
  return [
    `${preset.name}: ${preset.title}`,
    `  set      ${changes.length === 0 ? 'nothing: the current configuration' : changes.join('; ')}`,
    ...preset.reasons.map((reason) => `  why      ${reason}`),
    ...checkLines(preset.check).map((line) => `  ${line}`),
  ];
}

export function entryLine(entry: JournalEntry): string {
  const when = new Date(entry.startedAt).toISOString();
  const changes = configChanges(entry.before, entry.after).join('; ') || 'no change';
  return `${entry.id}  ${when}  ${entry.result}  ${changes}${entry.failure === undefined ? '' : `  (${entry.failure.step}: ${entry.failure.reason})`}`;
}
