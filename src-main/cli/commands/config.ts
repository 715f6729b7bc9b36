import { readFile } from 'node:fs/promises';
import { AppError } from '../../../src-shared/errors';
import type { JournalEntry } from '../../../src-shared/schemas/config-journal';
import { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { AdHocHost, Core } from '../../core/index';
import { lastValue, type CliIo, type ParsedArgs } from '../args';
import { createNodeCore } from '../node-core';
import { entryLine, planLines, presetLines, viewLines } from './config-format';
import { launchUsage, openConfigTarget, serverFlagsFromArgs, splitConfigArgs, type ConfigCliTarget } from './config-options';
import { hostSpecFromArgs, hostTrustFromArgs, hostUsage, reportCommandError } from './host-command-options';

export const configUsage = [
  'llmwb config show [--json -] TARGET',
  'llmwb config set FLAG VALUE… [--dry-run] TARGET',
  'llmwb config apply --file CONFIG.json [--dry-run] TARGET',
  'llmwb config rollback [ENTRY] TARGET      (no ENTRY: undo the last applied change)',
  'llmwb config presets|journal TARGET',
  `    TARGET = ${hostUsage} ${launchUsage} [--data-dir DIR]`,
].join('\n  ');
export const configSummary =
  'Read, change, apply and roll back a llama-server’s configuration on its host. The journal and the launch method of each --url are kept in the data folder, in a workspace named "Command line: USER@HOST:PORT", so `config rollback` in a later command finds the entry; --via is remembered per --url.';

export interface ConfigCommandDeps {
  dataDir: string;
}

type Subcommand = (target: ConfigCliTarget, options: { args: ParsedArgs; server: string[]; io: CliIo; core: Core }) => Promise<number>;

const subcommands: Record<string, Subcommand> = {
  show: async ({ config, ref, endpoint }, { args, io }) => {
    const view = await config.invoke('config.read', ref);
    if (lastValue(args, 'json') === '-') io.out(JSON.stringify(view, null, 2));
    else viewLines(view, endpoint.url).forEach((line) => io.out(line));
    return 0;
  },
  set: async (target, { args, server, io, core }) => {
    const flags = serverFlagsFromArgs(server);
    const current = (await target.config.invoke('config.read', target.ref)).config;
    const next: ServerConfig = { ...current, ...(flags.model === undefined ? {} : { model: flags.model }), flags: { ...current.flags, ...flags.flags } };
    return planAndApply(target, { next, current, args, io, core });
  },
  apply: async (target, { args, io, core }) => {
    const file = lastValue(args, 'file');
    if (file === undefined) throw new AppError('invalid_input', 'config apply needs --file CONFIG.json (a configuration, or what `config show --json -` prints)');
    const next = await readConfigFile(file);
    const current = (await target.config.invoke('config.read', target.ref)).config;
    return planAndApply(target, { next, current, args, io, core });
  },
  rollback: async ({ config, ref }, { args, io, core }) => {
    const chosen = args.positionals[0];
    const entries = await config.invoke('config.journal', ref);
    const last = entries.find((entry) => entry.result === 'applied');
    if (chosen === undefined && last === undefined) throw new AppError('not_found', 'nothing to roll back: this server’s journal has no applied change');
    const input = chosen === undefined ? { workspaceId: ref.workspaceId, entryId: last!.id, undo: true } : { workspaceId: ref.workspaceId, entryId: chosen };
    io.out(chosen === undefined ? `undoing ${entryLine(last!)}` : `rolling back to the configuration after ${chosen}`);
    return reportApply(io, await withProgress(core, io, () => config.invoke('config.rollback', input)));
  },
  presets: async ({ config, ref }, { io }) => {
    const [view, presets] = await Promise.all([config.invoke('config.read', ref), config.invoke('config.presets', ref)]);
    presets.forEach((preset) => presetLines(preset, view.config).forEach((line) => io.out(line)));
    return 0;
  },
  journal: async ({ config, ref }, { io }) => {
    const entries = await config.invoke('config.journal', ref);
    if (entries.length === 0) io.out('no configuration applied yet');
    entries.forEach((entry) => io.out(entryLine(entry)));
    return 0;
  },
};

/**
 * `llmwb config show|set|apply|rollback|presets|journal --host …`: the Config page's operations
 * from the command line, through the core (config.* over the ad-hoc host). `set` and `apply`
 * print the diff, the problems and the memory estimate first; errors refuse the apply (exit 2),
 * `--dry-run` stops there. An apply prints each readiness step; a failure rolls back and exits 1
 * with the reason and the server's log line. Exit: 0 done, 1 failed or rolled back, 2 bad input.
 */
export async function configCommand(argv: string[], io: CliIo, deps: ConfigCommandDeps): Promise<number> {
  const [name, ...rest] = argv;
  const subcommand = name === undefined ? undefined : subcommands[name];
  if (subcommand === undefined) {
    io.err(`usage:\n  ${configUsage}`);
    return 2;
  }
  let core: Core | undefined;
  let host: AdHocHost | undefined;
  try {
    const { args, server } = splitConfigArgs(rest);
    if (name !== 'set' && server.length > 0) throw new AppError('invalid_input', `unexpected ${server.join(' ')} (llama-server flags go after \`config set\`)`);
    if (name !== 'rollback' && args.positionals.length > 0) throw new AppError('invalid_input', `unexpected argument ${args.positionals[0]}`);
    const spec = hostSpecFromArgs(args);
    core = await createNodeCore({ dataDir: deps.dataDir, shell: 'cli' });
    host = await core.hosts.openAdHoc(spec, hostTrustFromArgs(args, io));
    const target = await openConfigTarget(core, { host, args });
    return await subcommand(target, { args, server, io, core });
  } catch (error) {
    const code = reportCommandError(io, `config ${name}`, error);
    if (code === 2) io.err(`usage:\n  ${configUsage}`);
    return code;
  } finally {
    await core?.close();
  }
}

async function planAndApply(target: ConfigCliTarget, options: { next: ServerConfig; current: ServerConfig; args: ParsedArgs; io: CliIo; core: Core }): Promise<number> {
  const { io, next } = options;
  const plan = await target.config.invoke('config.plan', { ...target.ref, config: next });
  planLines(plan, options.current, next).forEach((line) => io.out(line));
  if (plan.problems.some((problem) => problem.severity === 'error')) {
    io.err('not applied: fix the errors above first');
    return 2;
  }
  if (options.args.flags.has('dry-run')) {
    io.out('dry run: nothing changed');
    return 0;
  }
  return reportApply(io, await withProgress(options.core, io, () => target.config.invoke('config.apply', { ...target.ref, config: next })));
}

/** Prints each step as it passes or fails, and stops listening when the apply ends. */
async function withProgress(core: Core, io: CliIo, apply: () => Promise<JournalEntry>): Promise<JournalEntry> {
  const off = core.bus.on('config.progress', (event) => {
    if (event.state !== 'started') io.out(`${event.state === 'passed' ? 'ok  ' : 'FAIL'}     ${event.step}${event.detail === undefined ? '' : `: ${event.detail}`}`);
  });
  try {
    return await apply();
  } finally {
    off();
  }
}

function reportApply(io: CliIo, entry: JournalEntry): number {
  io.out(`applied: journal entry ${entry.id}`);
  for (const clamped of entry.clamped) io.out(`note     the server runs ${clamped.key} = ${String(clamped.effective)}, not the ${String(clamped.asked)} asked (it clamps it)`);
  return 0;
}

async function readConfigFile(path: string): Promise<ServerConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AppError('invalid_input', `${path} is not a JSON file: ${error instanceof Error ? error.message : String(error)}`);
  }
  // `config show --json -` prints a whole view; its `config` is the configuration.
  const candidate = typeof raw === 'object' && raw !== null && 'config' in raw ? (raw as { config: unknown }).config : raw;
  const parsed = ServerConfig.safeParse(candidate);
  if (!parsed.success) throw new AppError('invalid_input', `${path} is not a llama-server configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
