import type { ContainerCpuLimits } from '../../../src-shared/schemas/server-config';
import { parseContainerInspect } from '../inventory/parse-container-inspect';
import { isRecord, parseToolJson } from '../telemetry/cannot-read';

/** What it takes to create a container again as it is, with other server arguments and CPU limits. */
export interface ContainerRunSpec {
  id: string;
  name: string;
  /** The image as the user named it (`Config.Image`, podman's `ImageName`), not its digest. */
  image: string;
  /** The program the container runs (`Path`, and any words up to llama-server). */
  program: string[];
  serverArgs: string[];
  env: Record<string, string>;
  /** `run` options kept as they are: mounts, devices, GPUs, ports, network, restart policy, memory, user. */
  keptOptions: string[];
  cpu: ContainerCpuLimits;
}

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json => (isRecord(value) ? value : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const positive = (value: unknown): number | null => (typeof value === 'number' && value > 0 ? value : null);
// Docker's default /dev/shm size; only a different one was asked for.
const defaultShmBytes = 64 * 1024 * 1024;

/**
 * Reads `docker inspect` / `podman inspect` output into a ContainerRunSpec, using the inventory's
 * parser (parse-container-inspect.ts) for identity, image and devices. The server's arguments are
 * the words after the last one naming llama-server in `Path` + `Args` (all of `Args` when none does).
 */
export function readContainerRunSpec(output: string, runtime: 'docker' | 'podman'): ContainerRunSpec {
  const inventory = parseContainerInspect(output, runtime);
  const container = asRecord(asArray(parseToolJson(`${runtime} inspect`, output))[0]);
  const hostConfig = asRecord(container.HostConfig);
  const config = asRecord(container.Config);
  const words = [text(container.Path) ?? '', ...asArray(container.Args).map(String)].filter((word, index) => index > 0 || word !== '');
  const serverAt = words.reduce((found, word, index) => (/(^|\/)(llama-)?server$/.test(word) ? index : found), 0);
  return {
    id: inventory.id,
    name: inventory.name,
    image: inventory.image ?? inventory.id,
    program: words.slice(0, serverAt + 1),
    serverArgs: words.slice(serverAt + 1),
    env: Object.fromEntries(asArray(config.Env).flatMap((entry) => (typeof entry === 'string' && entry.indexOf('=') > 0 ? [[entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]] : []))),
    keptOptions: [...mountOptions(container, hostConfig), ...deviceOptions(hostConfig), ...portOptions(hostConfig), ...hostOptions(hostConfig), ...configOptions(config)],
    cpu: cpuLimits(hostConfig),
  };
}

function mountOptions(container: Json, hostConfig: Json): string[] {
  const binds = asArray(hostConfig.Binds).filter((bind): bind is string => typeof bind === 'string');
  if (binds.length > 0) return binds.flatMap((bind) => ['--volume', bind]);
  return asArray(container.Mounts).flatMap((value) => {
    const mount = asRecord(value);
    const source = mount.Type === 'volume' ? text(mount.Name) : text(mount.Source);
    const destination = text(mount.Destination);
    if (source === null || destination === null || (mount.Type !== 'bind' && mount.Type !== 'volume')) return [];
    return ['--volume', `${source}:${destination}${mount.RW === false ? ':ro' : ''}`];
  });
}

function deviceOptions(hostConfig: Json): string[] {
  const devices = asArray(hostConfig.Devices).flatMap((value) => {
    const device = asRecord(value);
    const onHost = text(device.PathOnHost);
    if (onHost === null) return [];
    const inContainer = text(device.PathInContainer) ?? onHost;
    const permissions = text(device.CgroupPermissions);
    return ['--device', `${onHost}:${inContainer}${permissions !== null && permissions !== 'rwm' ? `:${permissions}` : ''}`];
  });
  const gpus = asArray(hostConfig.DeviceRequests).flatMap((value) => {
    const request = asRecord(value);
    const isGpu = asArray(request.Capabilities).some((set) => asArray(set).includes('gpu'));
    if (!isGpu) return [];
    const ids = asArray(request.DeviceIDs).map(String);
    if (ids.length > 0) return ['--gpus', `device=${ids.join(',')}`];
    return ['--gpus', request.Count === -1 || typeof request.Count !== 'number' ? 'all' : String(request.Count)];
  });
  return [...devices, ...gpus];
}

function portOptions(hostConfig: Json): string[] {
  return Object.entries(asRecord(hostConfig.PortBindings)).flatMap(([port, bindings]) =>
    asArray(bindings).flatMap((value) => {
      const binding = asRecord(value);
      const hostPort = text(binding.HostPort) ?? '';
      const hostIp = text(binding.HostIp);
      return ['--publish', `${hostIp === null ? '' : `${hostIp}:`}${hostPort}:${port}`];
    }),
  );
}

function hostOptions(hostConfig: Json): string[] {
  const options: string[] = [];
  const network = text(hostConfig.NetworkMode);
  if (network !== null && network !== 'default' && network !== 'bridge') options.push('--network', network);
  const restart = asRecord(hostConfig.RestartPolicy);
  const restartName = text(restart.Name);
  if (restartName !== null && restartName !== 'no') options.push('--restart', restartName === 'on-failure' && positive(restart.MaximumRetryCount) !== null ? `on-failure:${String(restart.MaximumRetryCount)}` : restartName);
  const memory = positive(hostConfig.Memory);
  if (memory !== null) options.push('--memory', String(memory));
  const swap = hostConfig.MemorySwap;
  if (memory !== null && typeof swap === 'number' && (swap > 0 || swap === -1)) options.push('--memory-swap', String(swap));
  const shm = positive(hostConfig.ShmSize);
  if (shm !== null && shm !== defaultShmBytes) options.push('--shm-size', String(shm));
  if (hostConfig.Privileged === true) options.push('--privileged');
  if (text(hostConfig.IpcMode) === 'host') options.push('--ipc', 'host');
  for (const [key, option] of [['GroupAdd', '--group-add'], ['CapAdd', '--cap-add'], ['SecurityOpt', '--security-opt']] as const) {
    for (const value of asArray(hostConfig[key])) if (typeof value === 'string') options.push(option, value);
  }
  return options;
}

function configOptions(config: Json): string[] {
  const user = text(config.User);
  const workdir = text(config.WorkingDir);
  return [...(user === null ? [] : ['--user', user]), ...(workdir === null ? [] : ['--workdir', workdir])];
}

/** `--cpus` from NanoCpus, else from CpuQuota/CpuPeriod (podman sets both for `--cpus`); `--cpuset-cpus` as set. */
function cpuLimits(hostConfig: Json): ContainerCpuLimits {
  const nano = positive(hostConfig.NanoCpus);
  const quota = positive(hostConfig.CpuQuota);
  const cpus = nano !== null ? nano / 1e9 : quota !== null ? quota / (positive(hostConfig.CpuPeriod) ?? 100_000) : null;
  const cpuset = text(hostConfig.CpusetCpus);
  return { ...(cpus === null ? {} : { cpus }), ...(cpuset === null ? {} : { cpusetCpus: cpuset }) };
}

/** What a new container gets: the kept options and these. */
export interface ContainerRunChange {
  name: string;
  serverArgs: readonly string[];
  env: Readonly<Record<string, string>>;
  cpu: ContainerCpuLimits;
}

/**
 * The argv that creates and starts the container again from `spec` with the change: same image,
 * program (`--entrypoint`, so the image's own entrypoint does not matter), mounts, devices, ports
 * and the other kept options; new name, server arguments, environment and CPU limits.
 */
export function containerRunArgv(runtime: 'docker' | 'podman', spec: ContainerRunSpec, change: ContainerRunChange): string[] {
  const cpu = [
    ...(change.cpu.cpus === undefined ? [] : ['--cpus', String(change.cpu.cpus)]),
    ...(change.cpu.cpusetCpus === undefined ? [] : ['--cpuset-cpus', change.cpu.cpusetCpus]),
  ];
  const env = Object.entries(change.env).flatMap(([name, value]) => ['--env', `${name}=${value}`]);
  const [program, ...programArgs] = spec.program;
  const entrypoint = program === undefined ? [] : ['--entrypoint', program];
  return [runtime, 'run', '--detach', '--name', change.name, ...spec.keptOptions, ...cpu, ...env, ...entrypoint, spec.image, ...programArgs, ...change.serverArgs];
}
