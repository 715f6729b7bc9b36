import type { MemoryEstimateView } from '../../../src-shared/contract/config.contract';
import { formatBytes } from '../../../src-shared/format/numbers';
import { memoryBar } from './memory-bar';

interface MemoryEstimateProps {
  memory: MemoryEstimateView | null;
  note: string | undefined;
  /** Why the figures are those of an earlier draft (the check on its way, or errors to fix first); null when current. */
  staleness: string | null;
}

/** The estimate's sentence and one bar: weights and KV cache against the memory the server may use. */
export function MemoryEstimate({ memory, note, staleness }: MemoryEstimateProps) {
  return (
    <section className={`card memory-estimate${staleness === null ? '' : ' is-stale'}`} aria-labelledby="memory-title" data-testid="memory-estimate" data-fits={memory?.fits ?? 'unknown'}>
      <h2 className="card-title" id="memory-title">
        Memory {staleness !== null && <span className="muted small">· {staleness}</span>}
      </h2>
      {memory === null ? (
        <p className="muted small">{note ?? 'No estimate: the model’s header could not be read.'}</p>
      ) : (
        <>
          <p className={memory.fits === false ? 'memory-sentence memory-bad' : 'memory-sentence'} data-testid="memory-sentence">
            {memory.sentence}
          </p>
          <MemoryBarView memory={memory} />
          <dl className="memory-facts small">
            <dt>KV cache</dt>
            <dd>
              {formatBytes(memory.kvBytes)} <span className="muted">({memory.typeK}/{memory.typeV}, {memory.slots} slots × {memory.contextPerSlot.toLocaleString('en-US')} tokens{memory.isUnified ? ', unified' : ''})</span>
            </dd>
            <dt>Weights</dt>
            <dd>{formatBytes(memory.modelBytes)}</dd>
            <dt>Budget</dt>
            <dd>{memory.budget ? memory.budget.label : <span className="muted">unknown (no inventory)</span>}</dd>
          </dl>
          {memory.notes.map((line) => (
            <p key={line} className="small muted">
              {line}
            </p>
          ))}
        </>
      )}
    </section>
  );
}

function MemoryBarView({ memory }: { memory: MemoryEstimateView }) {
  const bar = memoryBar(memory);
  const label = `Weights ${formatBytes(memory.modelBytes)} and KV cache ${formatBytes(memory.kvBytes)}${memory.budget ? ` of ${formatBytes(memory.budget.bytes)}` : ''}`;
  return (
    <div className="memory-bar" role="img" aria-label={label} data-testid="memory-bar" data-over={bar.isOver}>
      <div className="memory-bar-track">
        <span className="memory-seg memory-weights" style={{ width: `${bar.weightsPct}%` }} />
        <span className={`memory-seg memory-kv${bar.isOver ? ' memory-over' : ''}`} style={{ width: `${bar.kvPct}%` }} />
        {bar.budgetPct !== null && <span className="memory-budget" style={{ left: `${bar.budgetPct}%` }} title={memory.budget?.label} />}
      </div>
      <div className="memory-legend small">
        <span>
          <i className="swatch memory-weights" /> weights
        </span>
        <span>
          <i className={`swatch memory-kv${bar.isOver ? ' memory-over' : ''}`} /> KV cache
        </span>
        {memory.budget && (
          <span>
            <i className="swatch memory-budget-swatch" /> {memory.budget.where === 'gpu' ? 'VRAM' : memory.budget.where === 'container' ? 'container limit' : 'RAM'}
          </span>
        )}
      </div>
    </div>
  );
}
