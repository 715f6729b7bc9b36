import { fileURLToPath } from 'node:url';

/**
 * The worker entry the Node shells (CLI, browser mode) and tests use: a plain .mjs bootstrap
 * that registers tsx in the worker and loads worker/loadgen.worker.ts. The Electron build
 * injects the path of its bundled worker instead; the core only ever receives a path.
 */
export function defaultWorkerEntry(): string {
  return fileURLToPath(new URL('./worker/bootstrap.mjs', import.meta.url));
}
