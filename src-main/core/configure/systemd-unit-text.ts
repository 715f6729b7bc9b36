/** One file of a unit as `systemctl cat` prints it: the unit, then its drop-ins, in the order systemd applies them. */
export interface UnitFile {
  path: string;
  text: string;
}

/** What the workbench reads of a service: its effective ExecStart and Environment. */
export interface UnitService {
  files: UnitFile[];
  /** The effective ExecStart= lines (after any `ExecStart=` reset), each split into words. */
  execStarts: string[][];
  /** Prefix characters of each ExecStart (`-`, `@`, `+`, `!`, `:`), kept to write them back. */
  execPrefixes: string[];
  /** Environment= assignments in effect, later ones winning. */
  environment: Record<string, string>;
  /** Files whose [Service] sets ExecStart (to find a drop-in that would override ours). */
  execStartFiles: string[];
}

const headerLine = /^# (\/\S.*)$/;

/**
 * Splits `systemctl cat UNIT` output into its files. Each file starts with a `# /path` line at
 * the very start or after the blank line systemctl prints between files.
 */
export function splitSystemctlCat(text: string): UnitFile[] {
  const starts: Array<{ path: string; line: number }> = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const header = headerLine.exec(line);
    if (header !== null && (index === 0 || lines[index - 1] === '')) starts.push({ path: header[1] ?? '', line: index });
  });
  return starts.map((start, index) => ({
    path: start.path,
    text: trimFileEnd(lines.slice(start.line + 1, starts[index + 1]?.line ?? lines.length)),
  }));
}

// Drops the separator blank line systemctl adds after each file.
function trimFileEnd(lines: string[]): string {
  const copy = [...lines];
  while (copy.length > 0 && copy[copy.length - 1] === '') copy.pop();
  return copy.length === 0 ? '' : `${copy.join('\n')}\n`;
}

/** The [Service] assignments of one unit file, in order, with `\`-continued lines joined. */
export function serviceAssignments(text: string): Array<{ key: string; value: string }> {
  const assignments: Array<{ key: string; value: string }> = [];
  let section = '';
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = pending === '' ? raw.trim() : `${pending} ${raw.trim()}`;
    if (pending === '' && (line.startsWith('#') || line.startsWith(';'))) continue;
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1).trimEnd();
      continue;
    }
    pending = '';
    if (/^\[.+\]$/.test(line)) section = line;
    const equals = line.indexOf('=');
    if (section === '[Service]' && equals > 0) assignments.push({ key: line.slice(0, equals).trim(), value: line.slice(equals + 1).trim() });
  }
  return assignments;
}

/**
 * Reads a service's effective ExecStart and Environment from `systemctl cat` output, applying
 * each file in order: an empty `ExecStart=` or `Environment=` resets what came before (systemd.service(5)).
 * Words keep systemd's specifiers (`%h`) and `$VAR` references as written.
 */
export function readUnitService(catOutput: string): UnitService {
  const files = splitSystemctlCat(catOutput);
  const service: UnitService = { files, execStarts: [], execPrefixes: [], environment: {}, execStartFiles: [] };
  for (const file of files) {
    for (const { key, value } of serviceAssignments(file.text)) {
      if (key === 'ExecStart') readExecStart(service, file.path, value);
      if (key === 'Environment') readEnvironment(service, value);
    }
  }
  return service;
}

function readExecStart(service: UnitService, path: string, value: string): void {
  service.execStartFiles.push(path);
  if (value === '') {
    service.execStarts = [];
    service.execPrefixes = [];
    return;
  }
  const prefix = /^[-@:+!]*/.exec(value)?.[0] ?? '';
  service.execPrefixes.push(prefix);
  service.execStarts.push(splitSystemdWords(value.slice(prefix.length)));
}

function readEnvironment(service: UnitService, value: string): void {
  if (value === '') {
    service.environment = {};
    return;
  }
  for (const word of splitSystemdWords(value)) {
    const equals = word.indexOf('=');
    if (equals > 0) service.environment[word.slice(0, equals)] = word.slice(equals + 1);
  }
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', s: ' ' };

/**
 * Splits a unit-file value into words the way systemd does for ExecStart= and Environment=:
 * whitespace separates, single and double quotes group, C escapes (`\"`, `\\`, `\n`, `\xNN`)
 * are read. An unbalanced quote ends at the end of the value.
 */
export function splitSystemdWords(value: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let index = 0; index < value.length; index++) {
    const char = value[index] ?? '';
    if (char === '\\') {
      const next = value[index + 1] ?? '';
      const hex = next === 'x' ? /^[0-9a-fA-F]{2}/.exec(value.slice(index + 2))?.[0] : undefined;
      word = (word ?? '') + (hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (escapes[next] ?? next));
      index += hex !== undefined ? 3 : 1;
    } else if (quote !== null) {
      if (char === quote) quote = null;
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word = word ?? '';
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + char;
  }
  if (word !== null) words.push(word);
  return words;
}

const plainSystemdWord = /^[^\s"'\\;]+$/;

/** Writes one word so `splitSystemdWords` reads it back unchanged (double quotes and C escapes where needed). */
export function quoteSystemdWord(word: string): string {
  if (plainSystemdWord.test(word)) return word;
  const escaped = word.replace(/[\\"]/g, (char) => `\\${char}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return `"${escaped}"`;
}

/** What a workbench drop-in sets: the whole command line and the whole environment. */
export interface DropInContent {
  execStart: readonly string[];
  execPrefix?: string;
  environment: Readonly<Record<string, string>>;
}

/**
 * The text of the workbench's drop-in: it resets Environment= and ExecStart= and sets both in
 * full, so what the service runs does not depend on the drop-ins before it. The command line is
 * written one option per continued line, for a diff a person can read.
 */
export function writeDropIn(content: DropInContent): string {
  const lines = [
    '# Written by LLM Workbench: the llama-server configuration it applied.',
    '# Delete this file and run `systemctl daemon-reload` to go back to the unit as it was.',
    '[Service]',
    'Environment=',
    ...Object.entries(content.environment).map(([name, value]) => `Environment=${quoteSystemdWord(`${name}=${value}`)}`),
    'ExecStart=',
    `ExecStart=${content.execPrefix ?? ''}${continuedWords(content.execStart)}`,
  ];
  return `${lines.join('\n')}\n`;
}

function continuedWords(words: readonly string[]): string {
  const groups: string[][] = [];
  for (const word of words) {
    const last = groups[groups.length - 1];
    if (last === undefined || (word.startsWith('-') && groups.length > 0)) groups.push([word]);
    else last.push(word);
  }
  return groups.map((group) => group.map(quoteSystemdWord).join(' ')).join(' \\\n    ');
}
