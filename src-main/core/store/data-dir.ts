import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where every shell keeps its data (the CLI without --data-dir, browser mode, the Electron app):
 * LLMWB_DATA_DIR, else the XDG data dir, as Linux users expect. One folder, so a run made in one
 * shell shows in the others. Electron keeps only its keychain-sealed secrets in userData.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLMWB_DATA_DIR) return resolve(env.LLMWB_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'llm-workbench');
}
