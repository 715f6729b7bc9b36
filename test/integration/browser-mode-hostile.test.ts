import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { snapshotFolder } from '../support/folder-snapshot';
import { hostileHttpCases, sendHttpCase } from '../support/hostile-http';
import { closingFrames, refusedCalls, refusedHandshakes, sendWsCase } from '../support/hostile-ws';
import { runBounded } from '../support/run-bounded';
import { hasBuiltRenderer, spawnServe, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

/**
 * Issue #9's acceptance: `llmwb serve --demo`, as a user starts it, takes more than 10,000 hostile
 * HTTP requests and WebSocket exchanges (32 at a time, on raw sockets so nothing normalises them)
 * and ends alive, answering an authenticated call correctly, with its data folder untouched.
 */
const concurrency = 32;
const minimumAttacks = 10_000;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let serve: ServeProcess;

beforeAll(async () => {
  if (!hasBuiltRenderer()) throw new Error('out/renderer/index.html is missing: run `npm run build` first (npm test does).');
  temp = await makeTempDir('llmwb-hostile-');
  serve = await spawnServe(temp.dir);
});

afterAll(async () => {
  await serve?.stop();
  await temp?.cleanup();
});

function authenticatedCall(op: string, input: unknown): Promise<{ ok: boolean; output?: unknown; error?: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { origin: `http://127.0.0.1:${serve.port}` });
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'invoke', id: 7, op, input })));
    // Events (workspaces.changed …) share the socket; the answer is the result with our id.
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean } };
      if (message.type !== 'result' || message.id !== 7 || message.result === undefined) return;
      socket.close();
      resolve(message.result);
    });
  });
}

describe('browser mode under attack', () => {
  it('answers every hostile request safely, stays alive, and leaves the data folder as it was', async () => {
    const before = await snapshotFolder(temp.dir);
    const http = hostileHttpCases(serve.port, serve.token);
    const ws = [...refusedHandshakes(serve.port, serve.token), ...closingFrames(serve.token), ...refusedCalls(serve.token)];
    const light = [...http, ...ws].filter((attack) => attack.isHeavy !== true).length;
    const rounds = Math.ceil((minimumAttacks - (http.length + ws.length - light)) / light);
    const tasks = Array.from({ length: rounds }, (_, round) => [
      ...http.filter((testCase) => round === 0 || testCase.isHeavy !== true).map((testCase) => () => sendHttpCase(serve.port, testCase)),
      ...ws.filter((wsCase) => round === 0 || wsCase.isHeavy !== true).map((wsCase) => () => sendWsCase(serve.port, wsCase)),
    ]).flat();

    const startedMs = performance.now();
    const problems = (await runBounded(tasks, concurrency)).filter((problem) => problem !== null);
    const elapsedS = (performance.now() - startedMs) / 1000;
    const sent = tasks.length;
    console.info(`${sent} hostile exchanges (${http.length} HTTP and ${ws.length} WebSocket kinds, ${rounds} rounds) in ${elapsedS.toFixed(1)} s`);

    expect(sent).toBeGreaterThanOrEqual(minimumAttacks);
    expect([...new Set(problems)].slice(0, 10)).toEqual([]);
    expect(serve.isAlive(), serve.output()).toBe(true);
    expect(await snapshotFolder(temp.dir)).toEqual(before);

    const info = await authenticatedCall('app.info', {});
    expect(info).toMatchObject({ ok: true, output: { shell: 'browser', dataDir: temp.dir } });
    const created = await authenticatedCall('workspaces.create', { name: 'After the storm', hostLabel: 'this machine' });
    expect(created).toMatchObject({ ok: true, output: { name: 'After the storm' } });
    const listed = await authenticatedCall('workspaces.list', {});
    expect((listed.output as Array<{ name: string }>).map((workspace) => workspace.name)).toContain('After the storm');
  });

  it('survives a full 17 MiB message: that socket closes with 1009 and the next call is answered', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send('x'.repeat(17 * 1024 * 1024));
    expect(await closed).toBe(1009);
    expect(await authenticatedCall('app.info', {})).toMatchObject({ ok: true });
    expect(serve.isAlive()).toBe(true);
  });
});
