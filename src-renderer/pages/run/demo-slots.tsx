import { defaultDemoConfig } from '../../../src-shared/contract/demo.contract';
import { ErrorMessage } from '../../components/ui/error-message';
import type { EndpointRef } from '../../lib/endpoints';
import { useAttachDemo, useDemoStatus } from '../../queries/demo';
import { Segmented } from './segmented';

const slotChoices = ['1', '2', '4', '8'] as const;

/**
 * The demo server takes llama-server's `-np`: restarting it with 2 or 8 slots shows what the
 * slot count does to queueing and latency. Only offered for the built-in demo endpoint.
 */
export function DemoSlots({ endpoint, disabled }: { endpoint: EndpointRef; disabled: boolean }) {
  const status = useDemoStatus();
  const attach = useAttachDemo();
  const config = status.data?.config ?? defaultDemoConfig;
  const parallel = status.data?.config?.flags.parallel;
  const current = typeof parallel === 'number' ? String(parallel) : undefined;
  const ctxSize = config.flags.ctxSize;
  // Only -np changes: the rest of the demo's configuration stays as it was.
  const choose = (value: string) => attach.mutate({ workspaceId: endpoint.workspace.id, config: { ...config, flags: { ...config.flags, parallel: Number(value) } } });
  return (
    <div className="demo-slots" data-testid="demo-slots" data-parallel={current ?? ''}>
      <span className="small">
        <strong>Demo server slots</strong> <span className="muted">(-np; restarts the demo)</span>
      </span>
      <Segmented label="Demo server slots" testId="demo-np" options={slotChoices.map((value) => ({ value, label: value }))} value={slotChoices.find((value) => value === current)} onChange={choose} disabled={disabled || attach.isPending} />
      {attach.isPending && <span className="muted small">restarting…</span>}
      {status.data?.config && typeof ctxSize === 'number' && !attach.isPending && <span className="muted small">{ctxSize.toLocaleString('en-US')} tokens of context in all</span>}
      <ErrorMessage error={attach.error} />
    </div>
  );
}
