import { randomBytes } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import { tokenizeLlamaArgs } from '../../../src-shared/llama/tokenize-llama-args';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { putHostFile } from '../hosts/host-file';
import type { HostSession } from '../hosts/host-session';
import type { ProcessLaunchSettings } from './process-launcher';
import { readRunningArgv } from './process-launcher';

/** What the workbench shows in place of a key it keeps on the host (as the inventory redacts one). */
export const redactedKey = '***';
/** llama-server reads `LLAMA_API_KEY` as `--api-key` (flags-server.ts). */
const keyEnvName = 'LLAMA_API_KEY';

/**
 * A new key file of a server the workbench manages, in its state folder on the host, read by the
 * server only. One per write, so a roll back to a configuration naming an older file gets the
 * keys it ran with.
 */
export function apiKeyFilePath(stateDir: string): string {
  return `${stateDir.replace(/\/+$/, '')}/api-keys-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

interface KeysInArgv {
  /** The argv without any `--api-key` word. */
  argv: string[];
  /** The keys it named (a comma list splits into several), in order. */
  keys: string[];
}

/** Takes every `--api-key KEY` / `--api-key=KEY` out of a server argv (without the executable). */
function takeKeys(args: readonly string[]): KeysInArgv {
  const argv: string[] = [];
  const keys: string[] = [];
  for (const token of tokenizeLlamaArgs(args)) {
    if (token.kind === 'flag' && token.flag.key === 'apiKey') keys.push(...(token.value ?? '').split(',').filter((key) => key !== ''));
    else argv.push(...token.words);
  }
  return { argv, keys };
}

/** Writes the keys, one a line, to the server's key file on the host; only its owner may read it. */
async function writeKeyFile(session: HostSession, path: string, keys: readonly string[]): Promise<void> {
  await putHostFile(session, { path, content: `${keys.join('\n')}\n`, then: [['chmod', '600', path]] });
}

/**
 * A process launch with its API keys moved out of argv and environment into the key file on the
 * host (`--api-key-file`), so the workspace index, the journal and every screen hold a path, never
 * a key: the host had the key already (in the server's command line), the workbench never keeps
 * it. A `***` where a key was (the adopt suggestion config.read showed, redacted) stands for the
 * key of the running server being adopted, read again from its /proc command line on the host.
 */
export async function keepApiKeysOnHost(session: HostSession, settings: ProcessLaunchSettings, stateDir: () => Promise<string>): Promise<ProcessLaunchSettings> {
  const [binary = '', ...args] = settings.argv;
  const taken = takeKeys(args);
  const { [keyEnvName]: envKeys, ...env } = settings.env;
  const keys = [...taken.keys, ...(envKeys ?? '').split(',').filter((key) => key !== '')];
  if (keys.length === 0) return settings;
  const resolved = keys.includes(redactedKey) ? await adoptedKeys(session, settings, keys) : keys;
  const path = apiKeyFilePath(await stateDir());
  await writeKeyFile(session, path, resolved);
  return { ...settings, argv: [binary, ...taken.argv, '--api-key-file', path], env };
}

async function adoptedKeys(session: HostSession, settings: ProcessLaunchSettings, keys: readonly string[]): Promise<string[]> {
  if (settings.adoptedPid === undefined) {
    throw new AppError('invalid_input', `"${redactedKey}" stands for a key of a running server being adopted; type the key itself, or adopt the running server.`);
  }
  const running = takeKeys((await readRunningArgv(session, settings.adoptedPid)).argv.slice(1)).keys;
  if (running.length === 0) throw new AppError('invalid_input', `The server being adopted (pid ${settings.adoptedPid}) has no --api-key for "${redactedKey}" to stand for.`);
  return [...keys.filter((key) => key !== redactedKey), ...running];
}

/** The launch settings as shown off the host: API key values replaced with `***`. */
export function redactLaunchKeys(settings: ProcessLaunchSettings): ProcessLaunchSettings {
  const [binary = '', ...args] = settings.argv;
  const argv = tokenizeLlamaArgs(args).flatMap((token) => (token.kind === 'flag' && token.flag.key === 'apiKey' && token.value !== undefined ? [token.spelling, redactedKey] : [...token.words]));
  const env = keyEnvName in settings.env ? { ...settings.env, [keyEnvName]: redactedKey } : settings.env;
  return { ...settings, argv: [binary, ...argv], env };
}

/**
 * A configuration to apply with its API keys (typed on the Config page or in `llmwb config set
 * --api-key`) written to the host's key file and named by `--api-key-file`, so the journal and
 * the host's launch.json keep the path, not the keys.
 */
export async function configKeysOnHost(session: HostSession, config: ServerConfig, stateDir: string): Promise<ServerConfig> {
  if (config.flags.apiKey === undefined) return config;
  const keys = configKeys(config);
  refuseRedactedKey(config);
  const { apiKey: _taken, ...flags } = config.flags;
  if (keys.length === 0) return { ...config, flags };
  const path = apiKeyFilePath(stateDir);
  await writeKeyFile(session, path, keys);
  return { ...config, flags: { ...flags, apiKeyFile: path } };
}

function configKeys(config: ServerConfig): string[] {
  const value = config.flags.apiKey;
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [String(value)]).flatMap((key: string) => key.split(',')).filter((key) => key !== '');
}

/** Refuses a configuration whose --api-key is a redacted `***`: dropping it would restart the server unprotected, applying it would make it the key. */
export function refuseRedactedKey(config: ServerConfig): void {
  if (configKeys(config).includes(redactedKey)) {
    throw new AppError('invalid_input', `Not applied (nothing restarted): --api-key "${redactedKey}" is a key the workbench does not hold; type the key, or remove --api-key.`);
  }
}
