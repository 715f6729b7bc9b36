import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the CLI and browser mode keep their data when no --data-dir is given: the XDG data
 * dir, as Linux users expect. The Electron shell passes its userData folder instead.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLMWB_DATA_DIR) return resolve(env.LLMWB_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'llm-workbench');
}
