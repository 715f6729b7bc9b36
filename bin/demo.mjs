#!/usr/bin/env node
// `npm run demo`: the main job on the built-in demo server. Builds the app once, then opens the
// Electron app where an Electron binary is installed, and browser mode where it is not.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const forwarded = process.argv.slice(2);

if (!existsSync(`${root}/out/renderer/index.html`) || process.env.LLMWB_REBUILD === '1') {
  console.log('Building the app (once)…');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Looks for an installed Electron binary without require('electron'), whose index starts a
// download when the binary is missing.
function electronBinary() {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const electron = process.env.LLMWB_BROWSER_MODE === '1' ? undefined : electronBinary();
const child = electron
  ? spawn(electron, [root, '--demo', ...forwarded], { cwd: root, stdio: 'inherit' })
  : spawn(process.execPath, [`${root}/bin/llmwb.mjs`, 'serve', '--demo', ...forwarded], { cwd: root, stdio: 'inherit' });
if (!electron) console.log('No Electron binary here: starting browser mode instead.');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
