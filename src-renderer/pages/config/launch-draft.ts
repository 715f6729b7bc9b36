import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import { joinWords, splitWords } from './config-draft';

/** The launch methods a user records by hand; the demo method belongs to the demo endpoint alone. */
export type ManagedKind = 'process' | 'systemd' | 'container' | 'compose';

/** The launch-method form's fields as text, one set for every method so switching keeps what was typed. */
export interface LaunchDraft {
  kind: ManagedKind;
  /** process: the command line, executable first (words, "quoted" where a word holds a space). */
  argv: string;
  cwd: string;
  /** process: KEY=VALUE, one a line. */
  env: string;
  unit: string;
  scope: 'system' | 'user';
  runtime: 'docker' | 'podman';
  name: string;
  file: string;
  service: string;
  project: string;
}

export const emptyLaunchDraft: LaunchDraft = { kind: 'process', argv: '', cwd: '', env: '', unit: '', scope: 'system', runtime: 'docker', name: '', file: '', service: '', project: '' };

/** Fills the form from recorded (or suggested) settings. */
export function launchDraftFrom(launch: LaunchSettings | null | undefined): LaunchDraft {
  switch (launch?.kind) {
    case 'process':
      return {
        ...emptyLaunchDraft,
        argv: joinWords(launch.argv),
        cwd: launch.cwd ?? '',
        env: Object.entries(launch.env).map(([name, value]) => `${name}=${value}`).join('\n'),
      };
    case 'systemd':
      return { ...emptyLaunchDraft, kind: 'systemd', unit: launch.unit, scope: launch.scope };
    case 'container':
      return { ...emptyLaunchDraft, kind: 'container', runtime: launch.runtime, name: launch.name };
    case 'compose':
      return { ...emptyLaunchDraft, kind: 'compose', runtime: launch.runtime, file: launch.file, service: launch.service, project: launch.project ?? '' };
    default:
      return emptyLaunchDraft;
  }
}

/**
 * The settings to record. Fields are trimmed and blank optional ones left out; the core's
 * schema names what is still wrong (a relative path, a unit without .service) field by field.
 */
export function launchDraftTo(draft: LaunchDraft, adoptedPid?: number): LaunchSettings {
  switch (draft.kind) {
    case 'process': {
      const cwd = draft.cwd.trim();
      return { kind: 'process', argv: splitWords(draft.argv), ...(cwd === '' ? {} : { cwd }), env: readEnv(draft.env), ...(adoptedPid === undefined ? {} : { adoptedPid }) };
    }
    case 'systemd':
      return { kind: 'systemd', unit: draft.unit.trim(), scope: draft.scope };
    case 'container':
      return { kind: 'container', runtime: draft.runtime, name: draft.name.trim() };
    case 'compose': {
      const project = draft.project.trim();
      return { kind: 'compose', runtime: draft.runtime, file: draft.file.trim(), service: draft.service.trim(), ...(project === '' ? {} : { project }) };
    }
  }
}

/** KEY=VALUE lines; the value is everything after the first `=`, kept as typed. Blank lines are skipped. */
export function readEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const equals = line.indexOf('=');
    if (equals < 0) env[line.trim()] = '';
    else env[line.slice(0, equals).trim()] = line.slice(equals + 1);
  }
  return env;
}

/** One line saying which method manages the server, for the page's header. */
export function describeLaunch(launch: LaunchSettings | null): string {
  switch (launch?.kind) {
    case undefined:
      return 'Not managed by the workbench yet';
    case 'demo':
      return 'The built-in demo server (restarted in this workbench)';
    case 'process':
      return `A process the workbench starts: ${joinWords(launch.argv)}`;
    case 'systemd':
      return `systemd unit ${launch.unit}${launch.scope === 'user' ? ' (--user)' : ''}`;
    case 'container':
      return `${launch.runtime} container ${launch.name}`;
    case 'compose':
      return `${launch.runtime} compose service ${launch.service} of ${launch.file}`;
  }
}
