#!/usr/bin/env node
// `npm test`: build, typecheck, vitest (unit + integration) and Playwright e2e, then ONE closing
// line `N passed, N failed` that CI reads. Each step's own output streams through unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const artifacts = 'test/artifacts';
mkdirSync(artifacts, { recursive: true });
const only = process.argv.slice(2);
const wants = (step) => only.length === 0 || only.includes(step);
let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A step without its own test counts (build, typecheck, lint) counts as one check. */
function check(label, command, args) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

if (wants('build')) check('build', 'npx', ['electron-vite', 'build']);
if (wants('typecheck')) check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
if (wants('lint')) check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
// Electron security lint: electronegativity over the shell; findings must be explained in test/security/electronegativity-allow.json.
if (wants('security')) check('electron security', 'node', ['test/security/scan-electron-shell.mjs']);

// Unit and integration run as two invocations: integration tests measure timing and throughput
// on real servers, and must not share the two cores with hundreds of unit tests.
for (const project of ['unit', 'integration']) {
  if (!wants('vitest') && !wants(project)) continue;
  const report = `${artifacts}/vitest-${project}.json`;
  rmSync(report, { force: true });
  const ok = run(`vitest ${project}`, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  const json = readJson(report);
  if (json) {
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    if (json.numFailedTests > 0) failures.push(`vitest ${project} (${json.numFailedTests})`);
  }
  if (!ok && (!json || json.numFailedTests === 0)) {
    failed += 1;
    failures.push(`vitest ${project} (suite error: see output above)`);
  }
}

if (wants('e2e')) {
  const report = `${artifacts}/playwright.json`;
  rmSync(report, { force: true });
  const ok = run('e2e', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  const stats = existsSync(report) ? readJson(report)?.stats : undefined;
  if (stats) {
    passed += stats.expected + (stats.flaky ?? 0);
    failed += stats.unexpected;
    if (stats.unexpected > 0) failures.push(`e2e (${stats.unexpected})`);
  }
  if (!ok && (!stats || stats.unexpected === 0)) {
    failed += 1;
    failures.push('e2e (suite error: see output above)');
  }
}

if (failures.length > 0) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
