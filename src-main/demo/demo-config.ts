import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { demoFlagProblems, demoOptionsFromFlags } from './demo-flags';
import type { DemoServerOptions } from './options';

/** Flags the demo honours on its command line but that an in-process demo cannot take from a config. */
const refusedInProcess: Readonly<Record<string, string>> = {
  host: 'the in-process demo listens on 127.0.0.1 only',
  port: 'the in-process demo listens on a free loopback port chosen at start',
  help: 'prints usage and exits: there would be no server to attach',
  version: 'prints the version and exits: there would be no server to attach',
  apiKeyFile: 'the in-process demo reads no files for keys; give the keys as --api-key',
};

/** The demo's options for a configuration, or every reason it cannot honour it. */
export type DemoConfigMapping = { readonly ok: true; readonly options: DemoServerOptions } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Maps a `ServerConfig` onto the in-process demo server's options, the same way its command line
 * is mapped (demo-flags.ts), so a config means to the demo what it means to llama-server. Every
 * flag the demo cannot honour is refused with the reason (the demo's flag table), as are an
 * environment, unknown arguments and a launch method other than `demo`. Pure.
 */
export function demoOptionsFromConfig(config: ServerConfig): DemoConfigMapping {
  const values = { ...config.flags, ...(config.model === undefined ? {} : { model: config.model }) };
  const problems = demoFlagProblems(values);
  for (const [key, reason] of Object.entries(refusedInProcess)) {
    if (key in config.flags) problems.push(`${key}: refused by the in-process demo server: ${reason}`);
  }
  const envNames = Object.keys(config.env ?? {});
  if (envNames.length > 0) problems.push(`environment ${envNames.join(', ')}: refused by the demo server: it runs inside this process and reads no environment of its own`);
  if ((config.extraArgs ?? []).length > 0) problems.push(`${(config.extraArgs ?? []).join(' ')}: refused by the demo server: not a flag of llama-server's catalog`);
  if (config.launch !== undefined && config.launch.kind !== 'demo') problems.push(`launch ${config.launch.kind}: the demo server is started in this process, not as a ${config.launch.kind}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options: demoOptionsFromFlags(values) };
}
