import { shScriptArgv } from '../hosts/argv';

/**
 * The POSIX sh scripts the configure work runs on a host. Each is a constant of this code base;
 * every value (folder, pid, argv word) reaches it only as a positional parameter through
 * `shScriptArgv`, so nothing a user typed is ever parsed as shell syntax (hosts/argv.ts).
 */

/** `alive PID`: the process exists and is not a zombie (a container's PID 1 may never reap it). */
const aliveFunction = `alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" != Z ]; }`;

/**
 * Stops the server whose pid is in $state/server.pid (or $adopted): TERM to its process group when
 * it leads one (the workbench's setsid start), else to the process alone (an adopted server);
 * waits up to $grace seconds, then KILL. Removes the pid file.
 */
const stopPart = `
${aliveFunction}
pid=$(cat "$state/server.pid" 2>/dev/null || true)
[ -n "$pid" ] || pid="$adopted"
if [ -n "$pid" ] && alive "$pid"; then
  pgid=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f3)
  target="$pid"; [ "$pgid" = "$pid" ] && target="-$pid"
  kill -TERM "$target" 2>/dev/null
  i=0
  while alive "$pid" && [ "$i" -lt "$((grace * 10))" ]; do sleep 0.1; i=$((i + 1)); done
  alive "$pid" && kill -KILL "$target" 2>/dev/null
  i=0
  while alive "$pid" && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  alive "$pid" && { echo "llmwb: process $pid did not stop (not ours to signal?)" >&2; exit 1; }
fi
rm -f "$state/server.pid"`;

/**
 * Starts "$@" (`env NAME=VALUE … server args …`) detached in its own session and process group
 * (setsid, which does not fork here: a non-interactive sh's background job leads no group, so $!
 * is the server), its output appended to $state/server.log after a marker line, and writes the
 * pid file and the configuration it runs (launch.json) beside it.
 */
const startPart = `
mkdir -p "$state" || exit 1
cd "$cwd" || { echo "llmwb: cannot enter $cwd" >&2; exit 1; }
printf '%s\\n' "$config" > "$state/launch.json.tmp" && mv "$state/launch.json.tmp" "$state/launch.json"
echo "---- llmwb: started $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$state/server.log"
setsid "$@" < /dev/null >> "$state/server.log" 2>&1 9>&- &
echo $! > "$state/server.pid"`;

/**
 * One restart at a time per state folder (flock): the dead-man timer's restore and the
 * workbench's own roll back may race, and two interleaved stop-then-start runs would leave a
 * server running that no pid file names.
 */
const restartScript = `state=$1; grace=$2; cwd=$3; config=$4; adopted=$5; shift 5
mkdir -p "$state" || exit 1
exec 9> "$state/restart.lock"
flock 9
${stopPart}
${startPart}`;

const stopScript = `state=$1; grace=$2; adopted=$3
${stopPart}`;

/** What a restart needs: the state folder, how to run the server, and the configuration it records. */
export interface RestartArgs {
  stateDir: string;
  graceSeconds: number;
  cwd: string;
  /** Written to $stateDir/launch.json, so `read()` knows what runs without parsing /proc. */
  configJson: string;
  /** A pid to stop when there is no pid file yet (a llama-server the workbench adopted). */
  adoptedPid?: number;
  /** `env NAME=VALUE … binary args …`. */
  command: readonly string[];
}

/** The argv that stops the server (TERM, then KILL after the grace) and starts `command` detached. */
export function restartArgv(args: RestartArgs): string[] {
  const fixed = [args.stateDir, String(args.graceSeconds), args.cwd, args.configJson, args.adoptedPid === undefined ? '' : String(args.adoptedPid)];
  return shScriptArgv(restartScript, 'llmwb-restart', [...fixed, ...args.command]);
}

/** The argv that stops the server and leaves it stopped. */
export function stopArgv(stateDir: string, graceSeconds: number, adoptedPid?: number): string[] {
  return shScriptArgv(stopScript, 'llmwb-stop', [stateDir, String(graceSeconds), adoptedPid === undefined ? '' : String(adoptedPid)]);
}

/** Prints `running PID` or `stopped`, and launch.json after a `--` line when there is one. */
const statusScript = `state=$1; adopted=$2
${aliveFunction}
pid=$(cat "$state/server.pid" 2>/dev/null || true)
[ -n "$pid" ] || pid="$adopted"
if [ -n "$pid" ] && alive "$pid"; then echo "running $pid"; else echo stopped; fi
echo --
cat "$state/launch.json" 2>/dev/null || true`;

export function statusArgv(stateDir: string, adoptedPid?: number): string[] {
  return shScriptArgv(statusScript, 'llmwb-status', [stateDir, adoptedPid === undefined ? '' : String(adoptedPid)]);
}

/** The last N lines of the server's log (nothing when it has none). */
export function logTailArgv(stateDir: string, lines: number): string[] {
  return shScriptArgv('tail -n "$2" "$1/server.log" 2>/dev/null || true', 'llmwb-log-tail', [stateDir, String(lines)]);
}

/** Writes stdin to $1/$2 atomically (temp file + rename), creating the folder. */
export function writeFileArgv(dir: string, name: string): string[] {
  return shScriptArgv('mkdir -p "$1" && cat > "$1/$2.tmp" && mv "$1/$2.tmp" "$1/$2"', 'llmwb-write', [dir, name]);
}

/** $HOME on the host, resolved once per launcher. */
export const homeArgv: readonly string[] = shScriptArgv('printf %s "$HOME"', 'llmwb-home');
