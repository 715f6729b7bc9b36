import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Tokens in the canned stream. */
export const cannedTokens = 256;
export const chatPath = '/v1/chat/completions';

export interface NginxServer {
  url: string;
  /** The master process; its workers are its children. */
  pid: number;
  dir: string;
  /** Bytes of the canned SSE body. */
  bodyBytes: number;
  stop(): Promise<void>;
}

/** A free loopback port: bind 0, read it, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A streamed chat answer as llama-server writes it: a role-only chunk, 256 one-token content
 * chunks, the finish chunk, the usage chunk and [DONE].
 */
export function cannedSse(tokens = cannedTokens): string {
  const chunk = (delta: string, finish: string | null): string => `data: {"choices":[{"finish_reason":${finish === null ? 'null' : `"${finish}"`},"index":0,"delta":${delta}}],"created":1795368763,"id":"chatcmpl-bench","model":"bench","system_fingerprint":"b1-bench","object":"chat.completion.chunk"}\n\n`;
  let text = chunk('{"role":"assistant","content":null}', null);
  for (let index = 0; index < tokens; index += 1) text += chunk(`{"content":" tok${index % 10}"}`, null);
  text += chunk('{}', 'length');
  text += `data: {"choices":[],"created":1795368763,"id":"chatcmpl-bench","model":"bench","object":"chat.completion.chunk","usage":{"completion_tokens":${tokens},"prompt_tokens":12,"total_tokens":${tokens + 12}}}\n\n`;
  return text + 'data: [DONE]\n\n';
}

/**
 * Debian's nginx on 127.0.0.1 serving the canned stream to POST /v1/chat/completions (a
 * static file answers POST through `error_page 405 =200`). Everything it writes — pid, logs,
 * temp paths — stays in a temp dir removed by stop(). One worker process: the machine's two
 * cores are shared with the client under test.
 */
export async function startNginx(): Promise<NginxServer> {
  const dir = await mkdtemp(join(tmpdir(), 'llmwb-bench-nginx-'));
  // nginx's worker runs as an unprivileged user when started as root: it must be able to read the file.
  await chmod(dir, 0o755);
  const port = await freePort();
  const body = cannedSse();
  await mkdir(join(dir, 'root', 'v1', 'chat'), { recursive: true });
  await writeFile(join(dir, 'root', 'v1', 'chat', 'completions'), body);
  const temp = (name: string): string => join(dir, `${name}-temp`);
  const conf = `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
worker_rlimit_nofile 20000;
events { worker_connections 16000; multi_accept on; }
http {
  access_log off;
  client_body_temp_path ${temp('body')}; proxy_temp_path ${temp('proxy')}; fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')}; scgi_temp_path ${temp('scgi')};
  keepalive_requests 10000000; keepalive_timeout 120s; sendfile on; tcp_nopush on;
  types { } default_type text/event-stream;
  server {
    listen 127.0.0.1:${port} backlog=8192;
    root ${join(dir, 'root')};
    location = ${chatPath} { error_page 405 =200 $uri; }
  }
}
`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  const child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (part: Buffer) => (stderr += part.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> => stopChild(child).then(() => rm(dir, { recursive: true, force: true }));
  try {
    await waitForAnswer(url, child, () => stderr, dir);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid ?? 0, dir, bodyBytes: Buffer.byteLength(body), stop };
}

async function waitForAnswer(url: string, child: ChildProcess, stderr: () => string, dir = ''): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr()}`);
    const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
    if (log.includes('[emerg]') || log.includes('Permission denied')) throw new Error(`nginx cannot serve: ${log.slice(0, 400)}`);
    try {
      const response = await fetch(url + chatPath, { method: 'POST', body: '{}' });
      const text = await response.text();
      if (response.status === 200 && text.endsWith('data: [DONE]\n\n')) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not answer within 10 s: ${stderr()}`);
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(timer);
}
