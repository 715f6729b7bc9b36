#!/usr/bin/env node
// `npm test`'s security step: Doyensec's electronegativity over the Electron shell (the source
// of src-main/app and the page it loads), as the Electron version we ship. Every finding must be
// explained in electronegativity-allow.json, and every entry there must still match a finding,
// so the list cannot go stale. Exit 0 only when both hold. Runs offline: see blockDownloads.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
// The shell's own code and its page (CSP meta tag). The bundle in out/ gives the same findings
// at bundle line numbers, plus parse errors on the renderer's 1.7 MB of React: source is better.
const scanned = ['src-main/app', 'src-renderer/index.html'];
const allowListFile = join(root, 'test/security/electronegativity-allow.json');
// This check downloads Electron's release list from GitHub on every run; nothing here may.
// `npm outdated electron` and Dependabot cover "a newer Electron has security fixes".
const excludedChecks = ['AvailableSecurityFixesGlobalCheck'];

/**
 * electronegativity fetches translations (and, in the excluded check, release lists) with `got`
 * on every start. Tests here send nothing off this machine, so `got` answers with an error
 * before any socket opens; it then falls back to its bundled en-US text.
 */
function blockDownloads() {
  const scannerDir = dirname(require.resolve('@doyensec/electronegativity'));
  const refuse = () => Promise.reject(new Error('network use is disabled for this scan'));
  for (const from of [join(scannerDir, 'locales'), join(scannerDir, 'finder/checks/GlobalChecks')]) {
    const gotPath = require.resolve('got', { paths: [from] });
    require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(refuse, { head: refuse, get: refuse }) };
  }
  // Its i18n takes the locale from LANG and has only en-US, es-ES and fr-FR; C.UTF-8 would blank every string.
  process.env.LANG = 'en-US';
}

function electronVersion() {
  try {
    return require('electron/package.json').version;
  } catch {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron.replace(/^[^\d]*/, '');
  }
}

function loadAllowList() {
  const entries = JSON.parse(readFileSync(allowListFile, 'utf8'));
  for (const entry of entries) {
    if (!entry.check || !entry.file || typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      throw new Error(`${allowListFile}: every entry needs check, file and a reason (${JSON.stringify(entry)})`);
    }
  }
  return entries;
}

async function scan(version) {
  const staging = mkdtempSync(join(tmpdir(), 'llmwb-electronegativity-'));
  try {
    for (const path of scanned) cpSync(join(root, path), join(staging, path), { recursive: true });
    const run = require('@doyensec/electronegativity');
    return await (run.default ?? run)({
      input: staging,
      isRelative: true,
      electronVersionOverride: version,
      customScan: [],
      excludeFromScan: excludedChecks.map((name) => name.toLowerCase()),
      parserPlugins: [],
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function report(result, allowList) {
  const used = new Set();
  let unexplained = 0;
  for (const issue of result.issues) {
    const file = issue.file.replaceAll('\\', '/');
    const entry = allowList.find((candidate) => candidate.check === issue.id && candidate.file === file);
    const where = `${file}:${issue.location.line}:${issue.location.column}`;
    const rating = `${issue.severity.name}/${issue.confidence.name}`;
    if (entry) {
      used.add(entry);
      console.log(`  allowed  ${issue.id} ${where} (${rating})\n           ${entry.reason}`);
    } else {
      unexplained += 1;
      console.log(`  FINDING  ${issue.id} ${where} (${rating})\n           ${issue.description} ${issue.shortenedURL}`);
    }
  }
  const stale = allowList.filter((entry) => !used.has(entry));
  for (const entry of stale) console.log(`  STALE    allow-list entry ${entry.check} ${entry.file} matches no finding: remove it`);
  const broken = result.errors.filter((error) => !error.tolerable);
  for (const error of broken) console.log(`  ERROR    could not scan ${error.file}: ${error.message}`);
  return { unexplained, stale: stale.length, broken: broken.length };
}

blockDownloads();
const version = electronVersion();
console.log(`electronegativity over ${scanned.join(', ')} as Electron ${version}, offline (its translation download fails by design)`);
const result = await scan(version);
console.log(`${result.globalChecks + result.atomicChecks} checks ran (${excludedChecks.join(', ')} skipped: it needs the network)`);
const counts = report(result, loadAllowList());
console.log(`${result.issues.length} findings, ${result.issues.length - counts.unexplained} explained by the allow-list, ${counts.unexplained} unexplained, ${counts.stale} stale entries, ${counts.broken} files not scanned`);
process.exit(counts.unexplained + counts.stale + counts.broken === 0 ? 0 : 1);
