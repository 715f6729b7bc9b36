import { randomBytes } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import { shScriptArgv } from '../hosts/argv';
import { execText, type HostSession } from '../hosts/host-session';

/** A realistic window: long enough for a large model to load and pass the readiness gate. */
export const defaultDeadManSeconds = 120;

/**
 * The timer itself, run detached on the host: sleeps, then unless the workbench confirmed, records
 * that it fired and runs the restore command. It writes `fired` before restoring so a late
 * disarm never interrupts a restore half done.
 */
const timerScript = `dir=$1; token=$2; seconds=$3; shift 3
sleep "$seconds"
[ -e "$dir/deadman-$token.confirmed" ] && exit 0
date -u +%s > "$dir/deadman-$token.fired"
"$@" >> "$dir/deadman.log" 2>&1
echo "exit $?" >> "$dir/deadman-$token.fired"`;

/** Starts the timer in its own session (so neither a closed SSH channel nor a HUP ends it). */
const armScript = `timer=$1; dir=$2; token=$3; shift 1
mkdir -p "$dir" || exit 1
rm -f "$dir/deadman-$token.confirmed"
setsid sh -c "$timer" llmwb-dead-man "$@" < /dev/null > /dev/null 2>&1 &
echo $! > "$dir/deadman-$token.pid"`;

/** Confirms, then ends the sleeping timer's group; a timer that already fired is left to finish. */
const disarmScript = `dir=$1; token=$2
touch "$dir/deadman-$token.confirmed"
if [ -e "$dir/deadman-$token.fired" ]; then echo fired; exit 0; fi
pid=$(cat "$dir/deadman-$token.pid" 2>/dev/null || true)
[ -n "$pid" ] && kill -TERM "-$pid" 2>/dev/null
rm -f "$dir/deadman-$token.pid"
echo disarmed`;

const stateScript = `dir=$1; token=$2
if [ -e "$dir/deadman-$token.fired" ]; then echo fired
elif [ -e "$dir/deadman-$token.confirmed" ]; then echo disarmed
else echo armed; fi`;

export type DeadManState = 'armed' | 'fired' | 'disarmed';

export interface DeadManTimer {
  readonly token: string;
  readonly seconds: number;
  /** Epoch ms when the arming command returned. */
  readonly armedAtMs: number;
  /** Confirms the change: the timer will not fire. Says `fired` when it already had. */
  disarm(): Promise<'disarmed' | 'fired'>;
  state(): Promise<DeadManState>;
}

export interface ArmDeadManOptions {
  /** The folder on the host for the timer's files (the launcher's state folder). */
  dir: string;
  /** Seconds until it fires; fractions allowed. */
  seconds: number;
  /** What it runs when it fires: Launcher.restoreCommand(lastKnownGood). */
  restoreArgv: readonly string[];
}

/**
 * Arms a dead-man timer on the host: a detached process that, after `seconds`, runs
 * `restoreArgv` unless `disarm()` confirmed first. It lives on the host, not in the workbench, so
 * a laptop that sleeps or an SSH link that drops mid-apply still gets its server back. Every value
 * reaches the host as a positional parameter (hosts/argv.ts).
 */
export async function armDeadManTimer(session: HostSession, options: ArmDeadManOptions): Promise<DeadManTimer> {
  if (!(options.seconds > 0) || !Number.isFinite(options.seconds)) throw new AppError('invalid_input', 'a dead-man window is a positive number of seconds');
  if (options.restoreArgv.length === 0) throw new AppError('invalid_input', 'a dead-man timer needs a restore command');
  const token = randomBytes(8).toString('hex');
  const { dir, seconds } = options;
  await execText(session, shScriptArgv(armScript, 'llmwb-arm', [timerScript, dir, token, String(seconds), ...options.restoreArgv]));
  const armedAtMs = Date.now();
  return {
    token,
    seconds,
    armedAtMs,
    async disarm() {
      const text = (await execText(session, shScriptArgv(disarmScript, 'llmwb-disarm', [dir, token]))).trim();
      return text === 'fired' ? 'fired' : 'disarmed';
    },
    async state() {
      return (await execText(session, shScriptArgv(stateScript, 'llmwb-dead-man-state', [dir, token]))).trim() as DeadManState;
    },
  };
}
