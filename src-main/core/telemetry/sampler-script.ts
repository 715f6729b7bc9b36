import { AppError } from '../../../src-shared/errors';
import { shScriptArgv } from '../hosts/argv';
import { nvidiaStreamFields } from './parse-nvidia-smi';

/** Interval bounds the issue allows (0.25–5 s). */
export const minIntervalMs = 250;
export const maxIntervalMs = 5_000;

const nvidiaFieldsNew = nvidiaStreamFields.join(',');
const nvidiaFieldsOld = nvidiaFieldsNew.replace('clocks_event_reasons.active', 'clocks_throttle_reasons.active');

/**
 * The one long-lived POSIX sh loop that samples a host (no agent, nothing written there).
 *
 * - stdout: `@@hello 1 <sampler pid> <CLK_TCK> <page size>` once, then per interval one record
 *   `@@begin`, a `tail -n +1` dump of /proc and amdgpu sysfs files (`==> path <==` headers),
 *   `@@end`. One `tail` and one `sleep` per interval are the only processes started.
 * - stderr: NVIDIA GPUs, from one background `nvidia-smi … -lms` (one process for the whole
 *   session, not one per sample: each start pays NVML initialisation) asking only for
 *   nvidiaStreamFields (the cheap, changing ones). A separate stream, so
 *   its lines can never tear a record. Drivers that reject `clocks_event_reasons.active` get
 *   the older `clocks_throttle_reasons.active` (same bits).
 * - Values arrive only as `$1` (interval s), `$2` (server pid or empty) and `$3` (interval ms),
 *   checked to be digits before use. When the channel closes, the next write gets SIGPIPE and
 *   the loop and the nvidia-smi child end; nothing is left behind.
 */
export const samplerScript = `
interval=$1; pid=$2; ms=$3
case $interval in ''|*[!0-9.]*) echo "@@error interval must be a number" >&2; exit 2;; esac
case $pid in *[!0-9]*) echo "@@error pid must be digits" >&2; exit 2;; esac
case $ms in ''|*[!0-9]*) echo "@@error ms must be digits" >&2; exit 2;; esac
hz=$(getconf CLK_TCK 2>/dev/null) || hz=100
page=$(getconf PAGESIZE 2>/dev/null) || page=4096
echo "@@hello 1 $$ \${hz:-100} \${page:-4096}"
if command -v nvidia-smi >/dev/null 2>&1; then
  ( nvidia-smi --query-gpu=${nvidiaFieldsNew} --format=csv,noheader,nounits -lms "$ms" ||
    nvidia-smi --query-gpu=${nvidiaFieldsOld} --format=csv,noheader,nounits -lms "$ms" ) >&2 &
fi
set -- /proc/uptime /proc/stat /proc/meminfo /proc/loadavg /proc/net/dev /proc/diskstats /proc/$$/stat
if [ -n "$pid" ]; then set -- "$@" /proc/$pid/stat; fi
for f in /sys/class/drm/card[0-9]*/device/gpu_busy_percent; do
  [ -r "$f" ] || continue
  d=\${f%/gpu_busy_percent}
  set -- "$@" "$f" $d/mem_busy_percent $d/mem_info_vram_used $d/mem_info_vram_total $d/mem_info_gtt_used $d/mem_info_gtt_total
  for h in $d/hwmon/hwmon*/power1_average $d/hwmon/hwmon*/power1_input $d/hwmon/hwmon*/temp1_input; do
    [ -r "$h" ] && set -- "$@" "$h"
  done
done
while :; do
  echo @@begin
  tail -n +1 "$@" 2>/dev/null
  echo @@end
  sleep "$interval"
done
`;

/** What the sampler is started with (both end up as positional parameters, never as script text). */
export interface SamplerOptions {
  /** Between minIntervalMs and maxIntervalMs. */
  intervalMs: number;
  /** The inference server's pid, to sample its CPU time and threads. */
  serverPid?: number | undefined;
}

/**
 * The argv that starts the sampler: `sh -c <samplerScript> llmwb-sampler <s> <pid> <ms>`.
 * Rejects an interval outside 0.25–5 s or a pid that is not a positive integer.
 */
export function samplerArgv(options: SamplerOptions): string[] {
  const { intervalMs, serverPid } = options;
  if (!Number.isFinite(intervalMs) || intervalMs < minIntervalMs || intervalMs > maxIntervalMs) {
    throw new AppError('invalid_input', `the telemetry interval must be between ${minIntervalMs} and ${maxIntervalMs} ms, not ${intervalMs}`);
  }
  if (serverPid !== undefined && (!Number.isInteger(serverPid) || serverPid <= 0)) {
    throw new AppError('invalid_input', `a server pid is a positive integer, not ${serverPid}`);
  }
  const ms = Math.round(intervalMs);
  const seconds = (ms / 1000).toFixed(3).replace(/\.?0+$/, '');
  return shScriptArgv(samplerScript, 'llmwb-sampler', [seconds, serverPid === undefined ? '' : String(serverPid), String(ms)]);
}
