import { Document, isMap, isNode, parseDocument, type Node } from 'yaml';
import { AppError } from '../../../src-shared/errors';
import type { ContainerCpuLimits } from '../../../src-shared/schemas/server-config';

/** What the workbench reads of one compose service: its command, environment and CPU limits. */
export interface ComposeService {
  /** Leading words naming the program (`/app/llama-server`) when the command gives one. */
  program: string[];
  serverArgs: string[];
  env: Record<string, string>;
  cpu: ContainerCpuLimits;
}

const serverProgram = /(^|\/)(llama-)?server$/;

/**
 * Reads `service` from the user's compose file, then applies the workbench's override over it the
 * way compose merges files: `command`, `cpus` and `cpuset` replace, `environment` merges by name
 * (or replaces, tagged `!override`), a `!reset` removes. Throws `not_found` for a missing service
 * and `parse_error` for a file that is not YAML.
 */
export function readComposeService(options: { userText: string; overrideText: string | null; service: string; where: string }): ComposeService {
  const user = serviceNode(options.userText, options.service, options.where);
  if (user === null) {
    throw new AppError('not_found', `${options.where} has no service named ${options.service}.`, {
      hint: `Its services: ${serviceNames(options.userText).join(', ') || 'none'}.`,
    });
  }
  const fields = { ...serviceFields(user) };
  const override = options.overrideText === null ? null : serviceNode(options.overrideText, options.service, `the override beside ${options.where}`);
  if (override !== null) {
    const over = serviceFields(override);
    if (over.command !== undefined) fields.command = over.command;
    for (const key of ['cpus', 'cpuset'] as const) if (over[key] !== undefined) fields[key] = over[key] === 'reset' ? undefined : over[key];
    if (over.environment !== undefined) fields.environment = over.envReplaces ? over.environment : { ...fields.environment, ...over.environment };
  }
  const words = fields.command ?? [];
  const firstFlag = words.findIndex((word) => word.startsWith('-'));
  const leading = firstFlag === -1 ? words : words.slice(0, firstFlag);
  const programEnd = leading.reduce((found, word, index) => (serverProgram.test(word) ? index + 1 : found), 0);
  const cpu: ContainerCpuLimits = {};
  if (fields.cpus !== undefined && Number(fields.cpus) > 0) cpu.cpus = Number(fields.cpus);
  if (fields.cpuset !== undefined && String(fields.cpuset) !== '') cpu.cpusetCpus = String(fields.cpuset);
  return { program: words.slice(0, programEnd), serverArgs: words.slice(programEnd), env: fields.environment ?? {}, cpu };
}

interface ServiceFields {
  command?: string[];
  environment?: Record<string, string>;
  envReplaces?: boolean;
  /** A number or text as written; `'reset'` for a `!reset` in the override. */
  cpus?: string | number;
  cpuset?: string | number;
}

function serviceNode(text: string, service: string, where: string): Node | null {
  const doc = parseDocument(text, { logLevel: 'silent' });
  if (doc.errors.length > 0) throw new AppError('parse_error', `${where} is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const node = doc.getIn(['services', service], true);
  return isNode(node) ? node : null;
}

function serviceNames(text: string): string[] {
  const services = parseDocument(text, { logLevel: 'silent' }).get('services', true);
  return isMap(services) ? services.items.map((pair) => String(isNode(pair.key) ? pair.key.toJSON() : pair.key)) : [];
}

function serviceFields(node: Node): ServiceFields {
  if (!isMap(node)) return {};
  const fields: ServiceFields = {};
  const field = (key: string): Node | null => {
    const value = node.get(key, true);
    return isNode(value) ? value : null;
  };
  const command = field('command');
  if (command !== null) fields.command = commandWords(command.toJSON());
  const environment = field('environment');
  if (environment !== null) {
    fields.environment = environmentRecord(environment.toJSON());
    fields.envReplaces = environment.tag === '!override';
  }
  for (const key of ['cpus', 'cpuset'] as const) {
    const value = field(key);
    if (value !== null) fields[key] = value.tag === '!reset' ? 'reset' : (value.toJSON() as string | number);
  }
  return fields;
}

function commandWords(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? splitShellWords(value) : [];
}

function environmentRecord(value: unknown): Record<string, string> {
  const entries = Array.isArray(value)
    ? value.map(String).map((entry) => (entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, null]))
    : Object.entries(typeof value === 'object' && value !== null ? value : {});
  // A name without a value passes the host's through: not something the workbench can read.
  return Object.fromEntries(entries.filter(([, entry]) => entry !== null && entry !== undefined).map(([name, entry]) => [String(name), String(entry)]));
}

/** Splits a compose `command:` string as compose does (POSIX shell words: quotes and backslashes, no expansion). */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (quote === "'") {
      if (char === "'") quote = null;
      else word = (word ?? '') + char;
    } else if (char === '\\' && (quote === null || /["\\$`]/.test(text[index + 1] ?? ''))) {
      word = (word ?? '') + (text[index + 1] ?? '');
      index++;
    } else if (quote === '"') {
      if (char === '"') quote = null;
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

/** What the workbench's override sets for the service, against what the user's file has. */
export interface ComposeOverride {
  service: string;
  userFile: string;
  command: string[];
  env: Record<string, string>;
  /** The environment of the user's file alone (the override writes only what differs). */
  userEnv: Record<string, string>;
  cpu: ContainerCpuLimits;
  userCpu: ContainerCpuLimits;
}

/**
 * The override file's text: `command:` always; `environment:` only what differs from the user's
 * file (the whole map tagged `!override` when a variable must go); `cpus:` / `cpuset:` when they
 * differ (`!reset` to remove one). `!override` and `!reset` need Docker Compose 2.24 or later.
 */
export function writeComposeOverride(override: ComposeOverride): string {
  const service: Record<string, unknown> = { command: override.command };
  const removed = Object.keys(override.userEnv).filter((name) => !(name in override.env));
  const changed = Object.entries(override.env).filter(([name, value]) => override.userEnv[name] !== value);
  if (removed.length > 0) service.environment = override.env;
  else if (changed.length > 0) service.environment = Object.fromEntries(changed);
  const limits: Array<['cpus' | 'cpuset', string | number | undefined, string | number | undefined]> = [
    ['cpus', override.cpu.cpus, override.userCpu.cpus],
    ['cpuset', override.cpu.cpusetCpus, override.userCpu.cpusetCpus],
  ];
  for (const [key, value, userValue] of limits) if (value !== userValue) service[key] = value ?? null;
  const doc = new Document({ services: { [override.service]: service } });
  const node = doc.getIn(['services', override.service], true);
  if (isMap(node)) {
    const envNode = node.get('environment', true);
    if (removed.length > 0 && isNode(envNode)) envNode.tag = '!override';
    for (const [key, value] of limits) {
      const limitNode = node.get(key, true);
      if (value === undefined && isNode(limitNode)) limitNode.tag = '!reset';
    }
  }
  doc.commentBefore = ` Written by LLM Workbench: the llama-server configuration it applied to ${override.service}.\n Delete this file and run \`docker compose -f ${override.userFile} up -d ${override.service}\` to go back to yours.`;
  return doc.toString();
}
