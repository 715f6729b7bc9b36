import type { TelemetryFrame } from '../../../../src-shared/schemas/telemetry-frame';
import type { TelemetryGap } from '../../../../src-shared/schemas/telemetry-sample';

/** One sample as the heatmap keeps it: typed arrays, one entry per row, NaN where there is no value. */
export interface HeatmapColumn {
  /** End of the interval the sample covers (house clock, epoch ms). */
  t: number;
  intervalMs: number;
  /** Busy % per CPU row. */
  busy: Float32Array;
  /** user, system, iowait, steal % per CPU row, four per row. */
  split: Float32Array;
  /** Per GPU row: utilisation %, memory used %; then RAM used % last. */
  extra: Float32Array;
  /** GPU memory in bytes per GPU (used, total), for the hover. */
  gpuBytes: Float64Array;
}

export interface GpuRowInfo {
  id: string;
  label: string;
}

/**
 * Telemetry in the shape the heatmap draws from: columns sorted by time, rows fixed by CPU
 * number. Mutable on purpose — an hour of 256 threads is ~1 M cells, so frames are appended in
 * place and `version` tells React something changed, instead of copying arrays per sample.
 */
export class HeatmapStore {
  cpuIds: number[] = [];
  gpus: GpuRowInfo[] = [];
  columns: HeatmapColumn[] = [];
  gaps: TelemetryGap[] = [];
  version = 0;
  private cpuRowOf = new Map<number, number>();
  private gpuRowOf = new Map<string, number>();

  /** Number of rows in the extra block: two per GPU plus RAM. */
  get extraRowCount(): number {
    return this.gpus.length * 2 + 1;
  }

  /** Adds a frame in time order; a frame with a `t` already held is ignored. Returns whether it was added. */
  add(frame: TelemetryFrame): boolean {
    const index = this.insertionIndex(frame.t);
    if (index < 0) return false;
    this.ensureRows(frame);
    const column = this.toColumn(frame);
    if (index === this.columns.length) this.columns.push(column);
    else this.columns.splice(index, 0, column);
    this.version += 1;
    return true;
  }

  addGap(gap: TelemetryGap): void {
    if (this.gaps.some((known) => known.startT === gap.startT && known.endT === gap.endT)) return;
    this.gaps.push(gap);
    this.gaps.sort((a, b) => a.startT - b.startT);
    this.version += 1;
  }

  /** Where a frame at `t` goes; -1 when a column with that `t` is already held. */
  private insertionIndex(t: number): number {
    const last = this.columns.at(-1);
    if (last === undefined || t > last.t) return this.columns.length;
    const index = lowerBound(this.columns, t);
    return this.columns[index]?.t === t ? -1 : index;
  }

  private ensureRows(frame: TelemetryFrame): void {
    const newCpus = frame.cpuIds.filter((id) => !this.cpuRowOf.has(id));
    const newGpus = frame.gpus.filter((gpu) => !this.gpuRowOf.has(gpu.id));
    if (newCpus.length === 0 && newGpus.length === 0) return;
    const oldCpuRowOf = this.cpuRowOf;
    const oldGpuRowOf = this.gpuRowOf;
    const oldGpuCount = this.gpus.length;
    this.cpuIds = [...this.cpuIds, ...newCpus].sort((a, b) => a - b);
    this.cpuRowOf = new Map(this.cpuIds.map((id, row) => [id, row]));
    this.gpus = [...this.gpus, ...newGpus.map((gpu) => ({ id: gpu.id, label: `GPU ${gpu.index}` }))];
    this.gpuRowOf = new Map(this.gpus.map((gpu, row) => [gpu.id, row]));
    // A CPU coming online (or the first GPU reading) changes the rows: older columns are re-laid out once.
    this.columns = this.columns.map((column) => this.relayout(column, { oldCpuRowOf, oldGpuRowOf, oldGpuCount }));
  }

  private relayout(column: HeatmapColumn, old: { oldCpuRowOf: Map<number, number>; oldGpuRowOf: Map<string, number>; oldGpuCount: number }): HeatmapColumn {
    const next = emptyColumn(column, { cpuRows: this.cpuIds.length, gpuCount: this.gpus.length });
    for (const [id, oldRow] of old.oldCpuRowOf) {
      const row = this.cpuRowOf.get(id) ?? 0;
      next.busy[row] = column.busy[oldRow] ?? Number.NaN;
      for (let k = 0; k < 4; k += 1) next.split[row * 4 + k] = column.split[oldRow * 4 + k] ?? Number.NaN;
    }
    for (const [id, oldRow] of old.oldGpuRowOf) {
      const row = this.gpuRowOf.get(id) ?? 0;
      next.extra[row * 2] = column.extra[oldRow * 2] ?? Number.NaN;
      next.extra[row * 2 + 1] = column.extra[oldRow * 2 + 1] ?? Number.NaN;
      next.gpuBytes[row * 2] = column.gpuBytes[oldRow * 2] ?? Number.NaN;
      next.gpuBytes[row * 2 + 1] = column.gpuBytes[oldRow * 2 + 1] ?? Number.NaN;
    }
    next.extra[this.gpus.length * 2] = column.extra[old.oldGpuCount * 2] ?? Number.NaN;
    return next;
  }

  private toColumn(frame: TelemetryFrame): HeatmapColumn {
    const column = emptyColumn(frame, { cpuRows: this.cpuIds.length, gpuCount: this.gpus.length });
    frame.cpuIds.forEach((id, i) => {
      const row = this.cpuRowOf.get(id) ?? 0;
      column.busy[row] = frame.busy[i] ?? Number.NaN;
      column.split[row * 4] = frame.user[i] ?? Number.NaN;
      column.split[row * 4 + 1] = frame.system[i] ?? Number.NaN;
      column.split[row * 4 + 2] = frame.iowait[i] ?? Number.NaN;
      column.split[row * 4 + 3] = frame.steal[i] ?? Number.NaN;
    });
    for (const gpu of frame.gpus) {
      const row = this.gpuRowOf.get(gpu.id) ?? 0;
      column.extra[row * 2] = gpu.utilPct ?? Number.NaN;
      column.extra[row * 2 + 1] = gpu.memUsedPct ?? Number.NaN;
      column.gpuBytes[row * 2] = gpu.memUsedBytes ?? Number.NaN;
      column.gpuBytes[row * 2 + 1] = gpu.memTotalBytes ?? Number.NaN;
    }
    column.extra[this.gpus.length * 2] = frame.memUsedPct ?? Number.NaN;
    return column;
  }
}

function emptyColumn(at: Pick<HeatmapColumn, 't' | 'intervalMs'>, rows: { cpuRows: number; gpuCount: number }): HeatmapColumn {
  const { cpuRows, gpuCount } = rows;
  return {
    t: at.t,
    intervalMs: at.intervalMs,
    busy: new Float32Array(cpuRows).fill(Number.NaN),
    split: new Float32Array(cpuRows * 4).fill(Number.NaN),
    extra: new Float32Array(gpuCount * 2 + 1).fill(Number.NaN),
    gpuBytes: new Float64Array(gpuCount * 2).fill(Number.NaN),
  };
}

/** Index of the first column whose `t` is ≥ `t` (columns sorted by t). */
export function lowerBound(columns: readonly { t: number }[], t: number): number {
  let low = 0;
  let high = columns.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((columns[mid]?.t ?? Number.POSITIVE_INFINITY) < t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The column whose interval (t − intervalMs, t] holds instant `t`, if any. */
export function columnAt(columns: readonly HeatmapColumn[], t: number): HeatmapColumn | undefined {
  const column = columns[lowerBound(columns, t)];
  return column !== undefined && t > column.t - column.intervalMs ? column : undefined;
}
