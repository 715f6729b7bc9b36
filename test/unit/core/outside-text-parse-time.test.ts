import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { parseBenchOutput } from '../../../src-main/core/bench/parsers/parse-bench-output';
import { parseBuildLine } from '../../../src-main/core/bench/parsers/md-table';
import { parseBenchSql } from '../../../src-main/core/bench/parsers/sql-parser';
import { parseTestLabel } from '../../../src-main/core/bench/parsers/test-label';
import { lineMatchesHost, parseKnownHosts } from '../../../src-main/core/hosts/known-hosts';
import { containerFromCgroup, parseCgroupDump } from '../../../src-main/core/inventory/parse-cgroup';
import { parseLspciDisplays } from '../../../src-main/core/inventory/parse-lspci';
import { parseProbe } from '../../../src-main/core/inventory/parse-probe';
import { parseServerProcess } from '../../../src-main/core/inventory/parse-server-process';
import { parsePrometheusText } from '../../../src-main/core/servers/prometheus-text';
import { readSlotsText } from '../../../src-main/core/servers/read-slots';
import { numberOrNull, parseToolJson } from '../../../src-main/core/telemetry/cannot-read';
import { parseNvidiaSmiLine } from '../../../src-main/core/telemetry/parse-nvidia-smi';
import { parseMeminfo, parseUptimeMs } from '../../../src-main/core/telemetry/parse-proc-files';
import { parseDiskstats, wholeDisks } from '../../../src-main/core/telemetry/parse-proc-io';
import { parseProcStat } from '../../../src-main/core/telemetry/parse-proc-stat';
import { parseRadeontopLine } from '../../../src-main/core/telemetry/parse-radeontop';
import { parseSamplerRecord } from '../../../src-main/core/telemetry/sampler-record';

/**
 * Long adversarial lines: a unit that makes backtracking patterns split the same text many ways
 * (digits, `1e`, spaces, `{`, `(`, `*a`…) repeated 20,000–100,000 times between a prefix that
 * gets a parser past its first check and a suffix that makes the match fail at the very end.
 */
const units = ['1', '1e', '1.', ' ', '\t', '{', '[', '(', ')', '"', '*a', 'a', '=', ',', '|', ' \n', 'p1', ' +', '0x'];
const prefixes = ['', 'm ', 'm{a="', 'llamacpp:x ', 'build: ', 'pp1', 'INSERT INTO t (a) VALUES (1)', '| test | t/s |\n|', '@@hello 1 ', 'cpu ', 'MemTotal: 1', '00:02.0 "VGA compatible controller [0300]" "x [10de]" "y', 'model name : ', '0::/', '   8 0 sda'];
const suffixes = ['', 'x', '\n', '"', ')', ' x', 'e', '%'];

/** A long line, and how fast-check shows it when a property fails (never the 100,000 characters). */
interface LongLine {
  text: string;
  [fc.toStringMethod]: () => string;
}

function longLine(prefix: string, unit: string, count: number, suffix = ''): LongLine {
  const shown = `${JSON.stringify(prefix)} + ${JSON.stringify(unit)} × ${count} + ${JSON.stringify(suffix)}`;
  return { text: prefix + unit.repeat(count) + suffix, [fc.toStringMethod]: () => shown };
}

const adversarialLine = fc
  .record({ prefix: fc.constantFrom(...prefixes), unit: fc.constantFrom(...units), count: fc.integer({ min: 20_000, max: 100_000 }), suffix: fc.constantFrom(...suffixes) })
  .map(({ prefix, unit, count, suffix }) => longLine(prefix, unit, Math.ceil(count / unit.length), suffix));

/** Loose on purpose: linear parsers take milliseconds here; the patterns fixed for #9 took 1 s to minutes. */
const boundMs = 1_000;

/**
 * Times one parse of each adversarial text, the `slowBefore` examples first (inputs that took
 * seconds before #9), then random ones. Any throw must be the house AppError, never a RangeError.
 */
function expectQuickOnLongLines(parse: (text: string) => unknown, slowBefore: LongLine[] = []): void {
  fc.assert(
    fc.property(adversarialLine, ({ text }) => {
      const startMs = performance.now();
      try {
        parse(text);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
      }
      expect(performance.now() - startMs).toBeLessThan(boundMs);
    }),
    { numRuns: 40, endOnFailure: true, examples: slowBefore.map((line) => [line]) },
  );
}

const lines = (text: string): string[] => text.split('\n');

interface ParserCase {
  name: string;
  parse: (text: string) => unknown;
  slowBefore?: LongLine[];
}

function describeParsers(title: string, cases: ParserCase[]): void {
  describe(title, () => {
    for (const { name, parse, slowBefore } of cases) {
      it(`${name} finishes long adversarial lines in well under a second`, () => expectQuickOnLongLines(parse, slowBefore));
    }
  });
}

describeParsers('parsers of server answers', [
  { name: 'the Prometheus text parser', parse: parsePrometheusText, slowBefore: [longLine('m ', '1', 40_000, 'x'), longLine('llamacpp:requests_processing ', '1', 40_000, 'e')] },
  { name: 'the number reader of tool output', parse: numberOrNull, slowBefore: [longLine('', '1', 40_000, 'x'), longLine('-', '1', 40_000, '.')] },
  { name: 'the /slots reader', parse: readSlotsText },
]);

describeParsers('parsers of host tool output', [
  { name: 'the sampler record parser', parse: (text) => parseSamplerRecord(lines(text), { samplerPid: 1, serverPid: 2 }) },
  { name: 'the whole-disk filter of /proc/diskstats', parse: (text) => wholeDisks(parseDiskstats(`${text} 1 2 3 4 5 6 7 8 9 10 11`)), slowBefore: [longLine('   8 0 ', '1', 60_000, 'x')] },
  { name: 'the /proc/meminfo parser', parse: parseMeminfo },
  { name: 'the /proc/uptime parser', parse: parseUptimeMs },
  { name: 'the /proc/stat parser', parse: parseProcStat },
  { name: 'the nvidia-smi line parser', parse: (text) => parseNvidiaSmiLine(text) },
  { name: 'the radeontop line parser', parse: parseRadeontopLine },
  { name: 'the GPU tool JSON reader', parse: (text) => parseToolJson('rocm-smi', text) },
  { name: 'the lspci parser', parse: parseLspciDisplays, slowBefore: [longLine('00:02.0 "VGA compatible controller [0300]" "NVIDIA [10de]" "x', ' ', 60_000, 'x"')] },
  { name: 'the host probe parser', parse: parseProbe },
  { name: 'the cgroup dump parser', parse: parseCgroupDump },
  { name: 'the container id reader', parse: containerFromCgroup },
  { name: 'the server process parser', parse: (text) => parseServerProcess(text, 1) },
  { name: 'the known_hosts parser', parse: parseKnownHosts },
  { name: 'a known_hosts wildcard pattern', parse: (text) => lineMatchesHost([text], 'a'.repeat(60), 22), slowBefore: [longLine('', '*a', 6, '*b')] },
  { name: 'a host name against a many-star pattern', parse: (text) => lineMatchesHost(['*a*a*a*a*a*a*a*a*a*a*a*a*b'], text.slice(0, 255), 22) },
]);

describeParsers('parsers of llama-bench output', [
  { name: 'the output format detector and parsers', parse: (text) => parseBenchOutput(text), slowBefore: [longLine('INSERT INTO t (a) VALUES (1)', ' ', 80_000, 'x')] },
  { name: 'the build footer reader', parse: parseBuildLine, slowBefore: [longLine('build: ', '(', 60_000)] },
  { name: 'the test label reader', parse: parseTestLabel, slowBefore: [longLine('pp1', ' ', 2_000, 'x')] },
  { name: 'the SQL parser', parse: parseBenchSql, slowBefore: [longLine('INSERT INTO t (a) VALUES (1)', ' ', 40_000, 'x')] },
]);
