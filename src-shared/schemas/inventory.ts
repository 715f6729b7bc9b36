import { z } from 'zod';
import { Finding } from './finding';
import { EpochMs } from './ids';
import { RecordedServerConfig } from './server-config';

const Count = z.number().int().nonnegative();

export const OsInfo = z.object({
  /** PRETTY_NAME from os-release, else the kernel name. */
  name: z.string(),
  kernel: z.string(),
  arch: z.string(),
  hostname: z.string(),
});
export type OsInfo = z.infer<typeof OsInfo>;

export const NumaNode = z.object({ id: Count, cpus: z.string() });

export const CpuInventory = z.object({
  model: z.string(),
  sockets: Count,
  /** Distinct (package, core) pairs among online CPUs: what llama.cpp's default -t counts. */
  physicalCores: Count,
  /** Online logical CPUs (equals `nproc` when no affinity mask applies). */
  threads: Count,
  threadsPerCore: Count,
  /** CPUs the login shell may run on (`nproc`): smaller than threads under taskset or a cpuset. */
  allowedCpus: Count,
  onlineCpus: z.string(),
  numaNodes: z.array(NumaNode),
});
export type CpuInventory = z.infer<typeof CpuInventory>;

export const MemoryInventory = z.object({
  totalBytes: z.number().nonnegative(),
  availableBytes: z.number().nonnegative(),
  swapTotalBytes: z.number().nonnegative(),
  swapFreeBytes: z.number().nonnegative(),
});
export type MemoryInventory = z.infer<typeof MemoryInventory>;

export const GpuSource = z.enum(['nvidia-smi', 'rocm-smi', 'amd-smi', 'radeontop', 'lspci']);

export const GpuInventory = z.object({
  index: Count,
  vendor: z.enum(['nvidia', 'amd', 'intel', 'other']),
  name: z.string(),
  memoryTotalBytes: z.number().nonnegative().nullable(),
  driverVersion: z.string().nullable(),
  busId: z.string().nullable(),
  uuid: z.string().nullable(),
  /** Which tool said so; lspci only proves the device exists. */
  source: GpuSource,
});
export type GpuInventory = z.infer<typeof GpuInventory>;

/** CPU and memory limits of a cgroup, the tightest along its path to the root. */
export const CgroupLimits = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  /** Whose cgroup: the inference server's, or (none found) the login session's own. */
  scope: z.enum(['server', 'session']),
  path: z.string(),
  /** cpu.max (v2) or cfs_quota/cfs_period (v1) as CPUs; null = no quota. */
  cpuQuotaCpus: z.number().positive().nullable(),
  cpusetEffective: z.string().nullable(),
  cpusetCount: Count.nullable(),
  memoryMaxBytes: z.number().nonnegative().nullable(),
  nrPeriods: Count.nullable(),
  nrThrottled: Count.nullable(),
});
export type CgroupLimits = z.infer<typeof CgroupLimits>;

export const ContainerInventory = z.object({
  runtime: z.enum(['docker', 'podman']),
  id: z.string(),
  name: z.string(),
  image: z.string().nullable(),
  /** Effective CPU limit: NanoCpus, else CpuQuota/CpuPeriod, capped by the cpuset. Null = none. */
  cpuLimit: z.number().positive().nullable(),
  cpusetCpus: z.string().nullable(),
  memoryLimitBytes: z.number().positive().nullable(),
  gpuRequested: z.boolean(),
  devices: z.array(z.string()),
});
export type ContainerInventory = z.infer<typeof ContainerInventory>;

export const ServerFlag = z.object({
  /** As written on the command line (`-t`, `--threads`); `--x=y` is split into name and value. */
  name: z.string(),
  value: z.string().nullable(),
});
export type ServerFlag = z.infer<typeof ServerFlag>;

export const ServerInventory = z.object({
  pid: z.number().int().positive(),
  executable: z.string(),
  /** Full argv with secrets (`--api-key …`) replaced by `***`. */
  argv: z.array(z.string()),
  flags: z.array(ServerFlag),
  /** `-t/--threads` or LLAMA_ARG_THREADS; null = llama.cpp's default (physical cores). */
  threadsFlag: z.number().int().nullable(),
  batchThreadsFlag: z.number().int().nullable(),
  /** OS threads of the process right now. */
  osThreads: Count,
  allowedCpus: z.string(),
  allowedCpuCount: Count,
  containerId: z.string().nullable(),
  /** The command line and LLAMA_ARG_* variables read as a configuration (source `process`); absent in inventories taken before it was recorded. */
  config: RecordedServerConfig.optional(),
});
export type ServerInventory = z.infer<typeof ServerInventory>;

/**
 * What a host is, as a tuner needs it. `warnings` are plain sentences ("the container may use
 * 4 of 32 CPUs"); every section that could not be read adds one instead of failing the whole.
 * `findings` are the rule findings behind those sentences, as data (absent in older inventories).
 */
export const Inventory = z.object({
  host: z.string(),
  takenAt: EpochMs,
  os: OsInfo,
  cpu: CpuInventory,
  memory: MemoryInventory,
  gpus: z.array(GpuInventory),
  gpuTools: z.array(z.string()),
  containerRuntimes: z.array(z.enum(['docker', 'podman'])),
  container: ContainerInventory.nullable(),
  cgroup: CgroupLimits.nullable(),
  server: ServerInventory.nullable(),
  warnings: z.array(z.string()),
  findings: z.array(Finding).optional(),
});
export type Inventory = z.infer<typeof Inventory>;
