import { AppError } from '../../../src-shared/errors';
import { parseServerConfig } from '../../../src-shared/llama/server-args';
import { tokenizeLlamaArgs } from '../../../src-shared/llama/tokenize-llama-args';
import type { Endpoint } from '../../../src-shared/schemas/endpoint';
import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { AdHocConfig, AdHocHost, Core } from '../../core/index';
import { lastValue, parseArgs, parseIntegerOption, splitOwnArgs, type ParsedArgs } from '../args';
import { hostBooleanNames, hostOptionNames } from './host-command-options';

/** The options of every `llmwb config` command besides the host's. */
const launchOptionNames = ['via', 'exec', 'state-dir', 'cwd', 'pid', 'unit', 'container', 'runtime', 'compose-file', 'service', 'project', 'url'] as const;
const ownValueOptions = [...hostOptionNames, ...launchOptionNames, 'data-dir', 'json', 'file'] as const;
const ownBooleans = [...hostBooleanNames, 'user', 'dry-run'] as const;

export const launchUsage =
  '[--url URL] [--via process (--exec BINARY [--state-dir DIR] [--cwd DIR] | --pid PID) | --via systemd --unit NAME.service [--user] | --via container --container NAME [--runtime docker|podman] | --via compose --compose-file FILE --service NAME [--project NAME] [--runtime docker|podman]]';

/**
 * Splits argv into this command's own options and the llama-server flags of `config set`, which
 * keep llama-server's syntax (`-np 4 -c 8192 --no-mmap`). llama-server's own `--host` cannot be
 * set here: `--host` names the host to configure (set it with `config apply --file`).
 */
export function splitConfigArgs(argv: readonly string[]): { args: ParsedArgs; server: string[] } {
  const { own, rest } = splitOwnArgs(argv, { options: ownValueOptions, booleans: ownBooleans });
  return { args: parseArgs(own, { options: ownValueOptions, booleans: ownBooleans }), server: rest };
}

/**
 * The flags `config set` was given, as a partial configuration. An unknown flag name or a word
 * that is no flag's value is refused here, before anything is read from the host.
 */
export function serverFlagsFromArgs(words: readonly string[]): ServerConfig {
  if (words.length === 0) throw new AppError('invalid_input', 'name at least one llama-server flag and its value (`llmwb config set -np 4`)');
  const strays = tokenizeLlamaArgs(words).flatMap((token) => (token.kind === 'flag' ? [] : [token.kind === 'unknown' ? `unknown llama-server flag ${token.spelling}` : `unexpected ${token.words.join(' ')}`]));
  const parsed = parseServerConfig(words);
  const problems = [...strays, ...parsed.problems.map((problem) => problem.message)];
  if (problems.length > 0) throw new AppError('invalid_input', [...new Set(problems)].join('\n'), { hint: 'Flags are spelled as llama-server spells them (`-np 4`, `--ctx-size 8192`, `-fa on`).' });
  return parsed.config;
}

/** The launch method the options name; undefined when none is named (the endpoint's recorded one is used). */
export async function launchFromArgs(args: ParsedArgs, config: Pick<AdHocConfig, 'adopt'>): Promise<LaunchSettings | undefined> {
  const via = lastValue(args, 'via');
  const runtime = (lastValue(args, 'runtime') ?? 'docker') as 'docker' | 'podman';
  const need = (name: string): string => {
    const value = lastValue(args, name);
    if (value === undefined) throw new AppError('invalid_input', `--via ${via ?? ''} needs --${name}`);
    return value;
  };
  switch (via) {
    case undefined:
      return undefined;
    case 'process':
      return processLaunch(args, config);
    case 'systemd':
      return { kind: 'systemd', unit: need('unit'), scope: args.flags.has('user') ? 'user' : 'system' };
    case 'container':
      return { kind: 'container', runtime, name: need('container') };
    case 'compose': {
      const project = lastValue(args, 'project');
      return { kind: 'compose', runtime, file: need('compose-file'), service: need('service'), ...(project === undefined ? {} : { project }) };
    }
    default:
      throw new AppError('invalid_input', `--via must be process, systemd, container or compose, not "${via}"`);
  }
}

async function processLaunch(args: ParsedArgs, config: Pick<AdHocConfig, 'adopt'>): Promise<LaunchSettings> {
  const pid = parseIntegerOption(lastValue(args, 'pid'), 'pid');
  if (pid !== undefined) return config.adopt(pid);
  const binary = lastValue(args, 'exec');
  if (binary === undefined) throw new AppError('invalid_input', '--via process needs --exec BINARY (the workbench starts the server) or --pid PID (adopt the one running)');
  const stateDir = lastValue(args, 'state-dir');
  const cwd = lastValue(args, 'cwd');
  return { kind: 'process', argv: [binary], env: {}, ...(stateDir === undefined ? {} : { stateDir }), ...(cwd === undefined ? {} : { cwd }) };
}

/** The server an ad-hoc `config` command changes: a workspace per host login, an endpoint per URL. */
export interface ConfigCliTarget {
  config: AdHocConfig;
  ref: { workspaceId: string; endpointId: string };
  endpoint: Endpoint;
}

/**
 * The command line keeps no session, but its journal and each endpoint's launch method must
 * outlive the command (so `config rollback` finds the entry): they live in a workspace named
 * `Command line: <user@host:port>` in the data folder, created on first use, with one endpoint
 * per --url. A --via given now replaces the method recorded before.
 */
export async function openConfigTarget(core: Core, options: { host: AdHocHost; args: ParsedArgs }): Promise<ConfigCliTarget> {
  const { host, args } = options;
  const config = core.configOnHost(host);
  const name = `Command line: ${host.identity}`;
  const workspace = (await config.invoke('workspaces.list', {})).find((candidate) => candidate.name === name) ?? (await config.invoke('workspaces.create', { name, hostLabel: host.identity }));
  const url = lastValue(args, 'url') ?? defaultUrl(host.identity);
  let endpoint = await config.invoke('endpoints.add', { workspaceId: workspace.id, url });
  const launch = await launchFromArgs(args, config);
  if (launch !== undefined) endpoint = await config.invoke('endpoints.setLaunch', { workspaceId: workspace.id, endpointId: endpoint.id, launch });
  return { config, ref: { workspaceId: workspace.id, endpointId: endpoint.id }, endpoint };
}

/** llama-server's default port on the host's address (this machine: 127.0.0.1). */
function defaultUrl(identity: string): string {
  if (identity === 'this machine') return 'http://127.0.0.1:8080';
  // `user@host:22` or `user@[::1]:22`: the address keeps its brackets.
  const address = identity.replace(/^[^@]*@/, '').replace(/:\d+$/, '');
  return `http://${address}:8080`;
}
