/**
 * Peak memory of a streamed ShareGPT import (issue #3 acceptance: a 200 MB file imported with
 * the process's peak memory under 300 MB). Writes a ShareGPT-format file of the asked size into
 * a temp dir (multi-turn conversations, non-ASCII text, escapes, a few malformed entries), then
 * imports it in a fresh child process and reads that process's peak resident set from
 * /proc/self/status (VmHWM) and process.resourceUsage().maxRSS.
 *
 *   npx tsx test/bench/dataset-import.bench.ts [--mb 200] [--sample 1000] [--keep]
 *
 * Ends with one line `dataset-import: file_mb=… peak_rss_mb=… …`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../src-main/core/datasets/load-dataset';
import { createRandom, type Random } from '../../src-main/core/datasets/seeded-random';
import { syntheticWords } from '../../src-main/core/datasets/synthetic';
import { makeTempDir } from '../support/temp-dir';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

const extras = ['"quoted"', 'back\\slash', 'tab\there', 'ünïcödé', '日本語のテキスト', 'emoji 🚀', 'line\nbreak', '{ braces ] and [ brackets }'];

/** A pool of paragraphs of 20–1,500 words; turns are drawn from it so generation stays fast. */
function paragraphPool(random: Random): string[] {
  return Array.from({ length: 3000 }, () => {
    const words = 20 + Math.floor(random() ** 2 * 1500);
    const parts: string[] = [];
    for (let index = 0; index < words; index += 1) {
      parts.push(random() < 0.02 ? extras[Math.floor(random() * extras.length)]! : syntheticWords[Math.floor(random() * syntheticWords.length)]!);
    }
    return parts.join(' ');
  });
}

function entryText(random: Random, context: { pool: string[]; id: number }): string {
  if (random() < 0.001) return '{"id": "broken", "conversations": [{"from": "human", "value": tru}]}';
  if (random() < 0.001) return '"not an object"';
  const turns = 2 * (1 + Math.floor(random() * 3)) - (random() < 0.05 ? 1 : 0);
  const conversation = Array.from({ length: turns }, (_, index) => ({
    from: index % 2 === 0 ? 'human' : 'gpt',
    value: context.pool[Math.floor(random() * context.pool.length)]!,
  }));
  return JSON.stringify({ id: `bench-${context.id}`, conversations: conversation });
}

/** Streams a ShareGPT-format JSON array of about `bytes` bytes to `path`, respecting back-pressure. */
async function writeShareGptFile(path: string, bytes: number): Promise<number> {
  const random = createRandom(2024);
  const pool = paragraphPool(random);
  const out = createWriteStream(path);
  out.write('[\n');
  let written = 2;
  let id = 0;
  while (written < bytes) {
    const batch: string[] = [];
    let batchBytes = 0;
    while (batchBytes < 1 << 20 && written + batchBytes < bytes) {
      const text = (id === 0 ? '' : ',\n') + entryText(random, { pool, id });
      batch.push(text);
      batchBytes += Buffer.byteLength(text);
      id += 1;
    }
    written += batchBytes;
    if (!out.write(batch.join(''))) await once(out, 'drain');
  }
  out.end('\n]\n');
  await once(out, 'finish');
  return id;
}

/** In the child: import the file and report the figures as one JSON line. */
async function child(path: string, sampleSize: number): Promise<void> {
  const baselineKb = vmHwmKb(await readFile('/proc/self/status', 'utf8'));
  const started = performance.now();
  const { report } = await loadDataset({ kind: 'sharegpt', path, sampleSize, seed: 7 });
  const seconds = (performance.now() - started) / 1000;
  const status = await readFile('/proc/self/status', 'utf8');
  process.stdout.write(`${JSON.stringify({ report: { ...report, problems: report.problems.slice(0, 2) }, seconds, baselineKb, vmHwmKb: vmHwmKb(status), maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

function vmHwmKb(status: string): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

async function runChild(path: string, sampleSize: number): Promise<{ report: { entries: number; malformed: number; filtered: number; prompts: number }; seconds: number; baselineKb: number; vmHwmKb: number; maxRssKb: number }> {
  const self = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--import', 'tsx', self, '--child', path, '--sample', String(sampleSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (text: string) => (output += text));
  const [code] = (await once(proc, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the import child exited with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as Awaited<ReturnType<typeof runChild>>;
}

async function main(): Promise<void> {
  const sampleSize = Number(option('sample', '1000'));
  if (process.argv.includes('--child')) return child(option('child', ''), sampleSize);
  const targetMb = Number(option('mb', '200'));
  const { dir, cleanup } = await makeTempDir('llmwb-dataset-bench-');
  try {
    const path = join(dir, 'sharegpt-bench.json');
    const writeStarted = performance.now();
    const entries = await writeShareGptFile(path, targetMb * 1024 * 1024);
    const fileBytes = (await stat(path)).size;
    console.log(`wrote ${(fileBytes / 1048576).toFixed(1)} MB, ${entries} entries in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`);
    const result = await runChild(path, sampleSize);
    const mb = (kb: number): string => (kb / 1024).toFixed(1);
    console.log(`entries ${result.report.entries}, malformed ${result.report.malformed} (skipped), unusable ${result.report.filtered}, sampled ${result.report.prompts}`);
    console.log(`child baseline (modules loaded) ${mb(result.baselineKb)} MB; peak VmHWM ${mb(result.vmHwmKb)} MB; resourceUsage().maxRSS ${mb(result.maxRssKb)} MB; goal < 300 MB`);
    console.log(
      `dataset-import: file_mb=${(fileBytes / 1048576).toFixed(1)} peak_rss_mb=${mb(Math.max(result.vmHwmKb, result.maxRssKb))} baseline_rss_mb=${mb(result.baselineKb)} ` +
        `entries=${result.report.entries} malformed=${result.report.malformed} seconds=${result.seconds.toFixed(2)} mb_per_s=${(fileBytes / 1048576 / result.seconds).toFixed(1)}`,
    );
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept ${dir}`);
    else await cleanup();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
