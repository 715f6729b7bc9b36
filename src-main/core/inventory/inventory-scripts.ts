import { shScriptArgv } from '../hosts/argv';

/**
 * What the host is, in one round trip: a fixed POSIX sh script printing `==> name <==`
 * sections (the `tail -n +1` layout the parsers read). Pseudo-sections hold command output;
 * the rest are files. Takes no values. Only standard tools: uname, nproc/getconf, stat,
 * sed, tail; GPU and container tools are only looked up here (`command -v`), run later.
 */
export const probeScript = `
echo "==> uname <=="; uname -s; uname -r; uname -m; uname -n
echo "==> nproc <=="; nproc 2>/dev/null || getconf _NPROCESSORS_ONLN
echo "==> tools <=="
for t in nvidia-smi rocm-smi amd-smi lspci radeontop docker podman; do
  command -v "$t" 2>/dev/null || { [ -x "/opt/rocm/bin/$t" ] && echo "/opt/rocm/bin/$t"; }
done
echo "==> llama-server pids <=="
for d in /proc/[0-9]*; do
  { read -r c < "$d/comm"; } 2>/dev/null || continue
  case $c in llama-server) echo "\${d#/proc/}";; esac
done
echo "==> cpuinfo <=="; sed -n '1,/^$/p' /proc/cpuinfo 2>/dev/null
tail -n +1 /etc/os-release /proc/meminfo /sys/devices/system/cpu/online \\
  /sys/devices/system/cpu/cpu[0-9]*/topology/physical_package_id \\
  /sys/devices/system/cpu/cpu[0-9]*/topology/core_id \\
  /sys/devices/system/node/node[0-9]*/cpulist 2>/dev/null
echo
`;

/**
 * One process and the cgroup it runs in: `$1` is a pid (digits, checked) or empty for the
 * script's own shell (the login session). Prints /proc/<pid>/{cmdline,status,cgroup}, its
 * LLAMA_ARG_* environment only (other variables may hold secrets and never leave the host),
 * the cgroup layout, and the CPU / cpuset / memory files of every cgroup from the process's
 * own up to the root, as `==> path <==` sections (host-telemetry.md §4: limits can sit on
 * any ancestor). Cgroup paths come from the kernel, are only ever expanded inside quotes.
 */
export const processScript = `
pid=$1
case $pid in *[!0-9]*) echo "pid must be digits" >&2; exit 2;; esac
[ -n "$pid" ] || pid=$$
if [ "$pid" != "$$" ]; then
  tail -n +1 "/proc/$pid/cmdline" "/proc/$pid/status" 2>/dev/null; echo
  echo "==> /proc/$pid/environ LLAMA_ARG <=="
  tr '\\000' '\\n' < "/proc/$pid/environ" 2>/dev/null | grep '^LLAMA_ARG_'
fi
echo "==> stat -fc %T /sys/fs/cgroup <=="; stat -fc %T /sys/fs/cgroup 2>/dev/null
echo "==> /proc/$pid/cgroup <=="; cat "/proc/$pid/cgroup" 2>/dev/null
walk() {
  p=\${2%/}
  while :; do
    for f in $3; do [ -r "$1$p/$f" ] && set -- "$@" "$1$p/$f"; done
    [ -z "$p" ] && break
    p=\${p%/*}
  done
  shift 3
  # /dev/null keeps tail printing headers even when only one file was found.
  [ $# -gt 0 ] && tail -n +1 "$@" /dev/null 2>/dev/null
  echo
}
v2=$(sed -n 's/^0:://p' "/proc/$pid/cgroup" 2>/dev/null)
if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
  walk /sys/fs/cgroup "$v2" "cpu.max cpuset.cpus.effective cpu.stat memory.max"
else
  cpu=$(sed -n 's/^[0-9]*:[^:]*cpu[,:][^:]*://p;s/^[0-9]*:cpu://p' "/proc/$pid/cgroup" 2>/dev/null | head -n 1)
  cpuset=$(sed -n 's/^[0-9]*:cpuset://p' "/proc/$pid/cgroup" 2>/dev/null)
  memory=$(sed -n 's/^[0-9]*:memory://p' "/proc/$pid/cgroup" 2>/dev/null)
  walk /sys/fs/cgroup/cpu "$cpu" "cpu.cfs_quota_us cpu.cfs_period_us cpu.stat"
  walk /sys/fs/cgroup/cpuset "$cpuset" "cpuset.effective_cpus"
  walk /sys/fs/cgroup/memory "$memory" "memory.limit_in_bytes"
fi
`;

/** `sh -c <probeScript> llmwb-probe`. */
export function probeArgv(): string[] {
  return shScriptArgv(probeScript, 'llmwb-probe');
}

/** `sh -c <processScript> llmwb-process <pid or "">`: a process's details, or the session's own cgroup. */
export function processArgv(pid: number | null): string[] {
  return shScriptArgv(processScript, 'llmwb-process', [pid === null ? '' : String(pid)]);
}
