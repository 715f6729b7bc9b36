// Node 20 cannot run a .ts file as a worker. This plain-ESM entry registers tsx inside the
// worker thread, then loads the TypeScript worker (the sibling loadgen.worker.ts, or the file
// named by workerData.tsEntry). Packaged builds skip it and point at the bundled worker instead.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = workerData && typeof workerData.tsEntry === 'string' ? pathToFileURL(workerData.tsEntry) : new URL('./loadgen.worker.ts', import.meta.url);
await import(entry.href);
