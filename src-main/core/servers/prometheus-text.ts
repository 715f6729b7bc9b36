import { decimalPattern } from '../telemetry/cannot-read';
import { serverParseError } from './server-parse-error';

/** One sample line of a Prometheus text exposition. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromText {
  samples: PromSample[];
  /** `# TYPE` declarations by metric family name. */
  types: Record<string, string>;
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/**
 * Parses the Prometheus text format (0.0.4) as servers print it: `# HELP`/`# TYPE` comments,
 * samples `name{label="value",…} value [timestamp]`. Names keep their colons (llama.cpp's
 * `llamacpp:` prefix). Values accept Go (`+Inf`, `NaN`) and C++ (`inf`, `nan`, `1.23457e+06`)
 * spellings. Anything else — an HTML error page, JSON, a cut line — fails with the line number.
 */
export function parsePrometheusText(text: string): PromText {
  const samples: PromSample[] = [];
  const types: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type) types[type[1]!] = type[2]!;
      continue;
    }
    const sample = parseSampleLine(line);
    if (typeof sample === 'string') throw serverParseError({ endpoint: '/metrics', text, why: `line ${index + 1}: ${sample}` });
    samples.push(sample);
  }
  return { samples, types };
}

function parseSampleLine(line: string): PromSample | string {
  const name = namePattern.exec(line)?.[0];
  if (name === undefined) return 'not a metric sample';
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (typeof parsed === 'string') return parsed;
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }
  const fields = rest.trim().split(/\s+/);
  if (!/^\s/.test(rest) || fields.length < 1 || fields.length > 2 || fields[0] === '') return `no value after ${name}`;
  const value = parseValue(fields[0]!);
  if (value === null) return `"${fields[0]!.slice(0, 30)}" is not a number`;
  if (fields[1] !== undefined && !/^-?\d+$/.test(fields[1])) return 'the timestamp is not a whole number';
  return { name, labels, value };
}

/** Reads `{a="x",b="y"}` from the start of `text`; returns the labels and how many characters they took. */
function parseLabels(text: string): { labels: Record<string, string>; length: number } | string {
  const labels: Record<string, string> = {};
  let index = 1;
  for (;;) {
    while (text[index] === ' ') index += 1;
    if (text[index] === '}') return { labels, length: index + 1 };
    const labelName = labelNamePattern.exec(text.slice(index))?.[0];
    if (labelName === undefined) return 'a malformed label name';
    index += labelName.length;
    if (text[index] !== '=' || text[index + 1] !== '"') return `label ${labelName} has no quoted value`;
    const value = readQuoted(text, index + 2);
    if (value === null) return `label ${labelName} has an unterminated value`;
    labels[labelName] = value.text;
    index = value.end;
    while (text[index] === ' ') index += 1;
    if (text[index] === ',') index += 1;
    else if (text[index] !== '}') return 'labels are not closed with }';
  }
}

/** A label value from `start` (just after its opening quote) with `\\`, `\"` and `\n` unescaped. */
function readQuoted(text: string, start: number): { text: string; end: number } | null {
  let value = '';
  for (let index = start; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '"') return { text: value, end: index + 1 };
    if (char === '\\') {
      const next = text[index + 1];
      if (next === undefined) return null;
      value += next === 'n' ? '\n' : next;
      index += 1;
    } else value += char;
  }
  return null;
}

function parseValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === 'nan' || lower === '-nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (!decimalPattern.test(text)) return null;
  return Number(text);
}

/** The samples of one metric name, by exact name. */
export function samplesNamed(prom: PromText, name: string): PromSample[] {
  return prom.samples.filter((sample) => sample.name === name);
}
