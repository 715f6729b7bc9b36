import type { GpuInventory, Inventory } from '../../../src-shared/schemas/inventory';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { useInventory } from '../../queries/hosts';

const gib = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '—' : `${(bytes / 2 ** 30).toFixed(bytes >= 10 * 2 ** 30 ? 0 : 1)} GiB`);

/** What the host is, with the warnings a tuner must read first. */
export function InventoryPanel({ workspaceId, isConnected }: { workspaceId: string; isConnected: boolean }) {
  const inventory = useInventory(workspaceId, isConnected);
  if (!isConnected && inventory.data === undefined) {
    return (
      <EmptyState title="Inventory" testId="inventory-empty">
        <p>Connect to the host to read its CPUs, memory, GPUs, container limits and the running inference server.</p>
      </EmptyState>
    );
  }
  return (
    <section className="card inventory" aria-labelledby="inventory-title" data-testid="inventory">
      <header className="card-header">
        <h2 className="card-title" id="inventory-title">
          Inventory
        </h2>
        <button type="button" className="button button-small button-quiet" onClick={() => void inventory.refetch()} disabled={inventory.isFetching || !isConnected} data-testid="inventory-refresh">
          {inventory.isFetching ? 'Reading…' : 'Read again'}
        </button>
      </header>
      <ErrorMessage error={inventory.error} testId="inventory-error" />
      {inventory.isPending && inventory.isFetching && <p className="muted">Reading the host (a few seconds)…</p>}
      {inventory.data && <InventoryBody inventory={inventory.data} />}
    </section>
  );
}

function InventoryBody({ inventory }: { inventory: Inventory }) {
  const { cpu, memory, os } = inventory;
  return (
    <div className="stack">
      <Warnings warnings={inventory.warnings} />
      <dl className="facts">
        <Fact label="Host" value={`${os.hostname} · ${os.name}`} />
        <Fact label="Kernel" value={`${os.kernel} (${os.arch})`} />
        <Fact label="CPU" value={cpu.model} />
        <Fact label="Cores" value={`${cpu.sockets} socket${cpu.sockets === 1 ? '' : 's'} · ${cpu.physicalCores} physical · ${cpu.threads} threads (${cpu.threadsPerCore}/core)`} testId="inventory-threads" />
        <Fact label="Allowed CPUs" value={`${cpu.allowedCpus} of ${cpu.threads}`} />
        <Fact label="NUMA" value={cpu.numaNodes.length === 0 ? '—' : cpu.numaNodes.map((node) => `node${node.id}: ${node.cpus}`).join(' · ')} />
        <Fact label="Memory" value={`${gib(memory.totalBytes)} total · ${gib(memory.availableBytes)} available · swap ${gib(memory.swapTotalBytes - memory.swapFreeBytes)} of ${gib(memory.swapTotalBytes)} used`} />
        <Fact label="Container" value={containerText(inventory)} />
        <Fact label="Server" value={serverText(inventory)} />
        <Fact label="GPU tools" value={inventory.gpuTools.length === 0 ? 'none found' : inventory.gpuTools.join(', ')} />
      </dl>
      {inventory.gpus.length > 0 && <GpuTable gpus={inventory.gpus} />}
      <p className="muted small">Read {formatTimestamp(inventory.takenAt)}.</p>
    </div>
  );
}

function Warnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return <p className="small ok-note">No warnings: nothing in the host’s limits looks like it holds the server back.</p>;
  return (
    <div className="warning-box" role="note" aria-label="Warnings" data-testid="inventory-warnings">
      <strong>
        {warnings.length} thing{warnings.length === 1 ? '' : 's'} to check
      </strong>
      <ul>
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function containerText(inventory: Inventory): string {
  const container = inventory.container;
  if (container !== null) {
    const cpus = container.cpuLimit === null ? 'no CPU limit' : `${container.cpuLimit} CPUs`;
    return `${container.runtime} ${container.name} · ${cpus} · ${container.memoryLimitBytes === null ? 'no memory limit' : gib(container.memoryLimitBytes)}`;
  }
  const cgroup = inventory.cgroup;
  const quota = cgroup?.cpuQuotaCpus == null ? 'no CPU quota' : `CPU quota ${cgroup.cpuQuotaCpus}`;
  return `none${inventory.containerRuntimes.length > 0 ? ` (${inventory.containerRuntimes.join(', ')} installed)` : ''} · cgroup v${cgroup?.version ?? '?'}: ${quota}`;
}

function serverText(inventory: Inventory): string {
  const server = inventory.server;
  if (server === null) return 'no llama-server process found';
  const threads = server.threadsFlag === null ? 'default -t' : `-t ${server.threadsFlag}`;
  return `${server.executable} (pid ${server.pid}) · ${threads} · ${server.osThreads} OS threads · CPUs ${server.allowedCpus}`;
}

function GpuTable({ gpus }: { gpus: readonly GpuInventory[] }) {
  return (
    <table className="data-table" data-testid="inventory-gpus">
      <thead>
        <tr>
          <th>GPU</th>
          <th>Model</th>
          <th className="num">Memory</th>
          <th>Driver</th>
          <th>Source</th>
        </tr>
      </thead>
      <tbody>
        {gpus.map((gpu) => (
          <tr key={`${gpu.vendor}-${gpu.index}`}>
            <td>{gpu.index}</td>
            <td>{gpu.name}</td>
            <td className="num">{gib(gpu.memoryTotalBytes)}</td>
            <td>{gpu.driverVersion ?? '—'}</td>
            <td>{gpu.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
