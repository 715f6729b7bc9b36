import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { formatBytes } from '../../../src-shared/format/numbers';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import { takeInventory, type AdHocHost } from '../../core/index';
import { lastValue, parseArgs, parseIntegerOption, type CliIo } from '../args';
import { hostBooleanNames, hostOptionNames, hostUsage, openHostFromArgs, reportCommandError } from './host-command-options';

export const inventoryUsage = `llmwb inventory ${hostUsage} [--server-pid PID] [--json FILE|-] [--raw DIR]`;
export const inventorySummary = 'What a host is: CPU, cores and threads, NUMA, RAM, GPUs, container limits, the running llama-server, and warnings';

/** The human-readable inventory, one fact per line. */
export function formatInventory(inventory: Inventory): string[] {
  const { cpu, memory, container, server } = inventory;
  const lines = [
    `host       ${inventory.host} (${inventory.os.hostname})`,
    `os         ${inventory.os.name}, ${inventory.os.kernel}, ${inventory.os.arch}`,
    `cpu        ${cpu.model}: ${cpu.sockets} socket(s), ${cpu.physicalCores} cores, ${cpu.threads} threads (${cpu.allowedCpus} allowed), ${cpu.numaNodes.length || 1} NUMA node(s)`,
    `memory     ${formatBytes(memory.totalBytes)} total, ${formatBytes(memory.availableBytes)} available, swap ${formatBytes(memory.swapTotalBytes)}`,
  ];
  if (inventory.gpus.length === 0) lines.push('gpus       none found');
  for (const gpu of inventory.gpus) {
    lines.push(`gpu ${gpu.index}      ${gpu.name}, ${formatBytes(gpu.memoryTotalBytes)}${gpu.driverVersion ? `, driver ${gpu.driverVersion}` : ''} (${gpu.source})`);
  }
  if (container !== null) {
    lines.push(`container  ${container.runtime} ${container.name}: ${container.cpuLimit ?? 'no'} CPU limit, cpuset ${container.cpusetCpus ?? 'all'}, memory ${container.memoryLimitBytes === null ? 'unlimited' : formatBytes(container.memoryLimitBytes)}${container.gpuRequested ? ', GPU' : ''}`);
  }
  const cgroup = inventory.cgroup;
  if (cgroup !== null) lines.push(`cgroup     v${cgroup.version} ${cgroup.path} (${cgroup.scope}): quota ${cgroup.cpuQuotaCpus ?? 'none'}, cpuset ${cgroup.cpusetEffective ?? '?'}`);
  if (server !== null) {
    lines.push(`server     pid ${server.pid} ${server.executable}: -t ${server.threadsFlag ?? 'default'}, ${server.osThreads} threads, CPUs ${server.allowedCpus}`);
  } else lines.push('server     no llama-server found');
  for (const warning of inventory.warnings) lines.push(`warning    ${warning}`);
  return lines;
}

async function writeRaw(dir: string, outputs: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [tool, text] of outputs) await writeFile(join(dir, `${tool}.txt`), text);
}

/**
 * `llmwb inventory`: takes the inventory of --host (SSH or `local`), prints it, writes it
 * as JSON with --json (`-` = stdout), and with --raw DIR keeps each tool's raw output (to
 * make fixtures of real hardware). Exit codes: 0 done, 1 the host failed, 2 bad input.
 */
export async function inventoryCommand(argv: string[], io: CliIo): Promise<number> {
  let host: AdHocHost | undefined;
  try {
    const args = parseArgs(argv, { options: [...hostOptionNames, 'server-pid', 'json', 'raw'], booleans: [...hostBooleanNames] });
    if (args.positionals.length > 0) throw new AppError('invalid_input', `unexpected argument ${args.positionals[0]}; usage: ${inventoryUsage}`);
    const serverPid = parseIntegerOption(lastValue(args, 'server-pid'), 'server-pid');
    host = await openHostFromArgs(args, io);
    const raw = new Map<string, string>();
    const inventory = await takeInventory(host.session, { ...(serverPid === undefined ? {} : { serverPid }), onRawOutput: (tool, text) => raw.set(tool, text) });
    const jsonPath = lastValue(args, 'json');
    const json = JSON.stringify(inventory, null, 2);
    if (jsonPath === '-') io.out(json);
    else {
      formatInventory(inventory).forEach((line) => io.out(line));
      if (jsonPath !== undefined) await writeFile(jsonPath, `${json}\n`);
    }
    const rawDir = lastValue(args, 'raw');
    if (rawDir !== undefined) await writeRaw(rawDir, raw);
    return 0;
  } catch (error) {
    return reportCommandError(io, 'inventory', error);
  } finally {
    await host?.close();
  }
}
