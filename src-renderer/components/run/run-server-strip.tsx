import type { ServerScrapeSummary, ServerSample } from '../../../src-shared/schemas/server-sample';
import { formatCount, formatPercent } from '../../../src-shared/format/numbers';

/**
 * One line about the server's own view of the run: what was scraped, the peaks that matter to a
 * tuner (slot use, deferred requests, KV cache), and anything the scrape had to say once (an
 * endpoint disabled, the scrape giving up). Built from the summary when the run has one, else
 * from the samples heard so far.
 */
export function RunServerStrip({ samples, summary, isLive }: { samples: readonly ServerSample[]; summary: ServerScrapeSummary | null; isLive: boolean }) {
  const peaks = summary ?? peaksOf(samples);
  const notes = summary?.notes ?? samples.flatMap((sample) => sample.notes ?? []);
  const last = samples.at(-1);
  if (samples.length === 0 && notes.length === 0) {
    return isLive ? (
      <p className="server-strip muted small" data-testid="server-strip">
        Server view: waiting for the first scrape of /metrics and /slots…
      </p>
    ) : null;
  }
  return (
    <div className="server-strip" data-testid="server-strip" data-samples={samples.length}>
      <span className="server-strip-title">Server view</span>
      <span className="muted small">
        {last?.kind ?? summary?.kind} · {formatCount(samples.length)} scrapes{last?.derived.slotsTotal != null ? ` · ${last.derived.slotsTotal} slots` : ''}
      </span>
      <Peak label="Slot use" value={`${formatPercent(peaks.maxSlotUse)} max`} testId="server-max-slot-use" />
      <Peak label="Deferred" value={`${formatCount(peaks.maxWaiting)} max`} testId="server-max-deferred" tone={peaks.maxWaiting !== null && peaks.maxWaiting > 0 ? 'warn' : undefined} />
      <Peak label="KV cache" value={`${formatPercent(peaks.maxKvCacheUsage)} max`} testId="server-max-kv" />
      {notes.map((note) => (
        <span className="server-note small" key={note} data-testid="server-note">
          {note}
        </span>
      ))}
      {summary?.gaveUp && <span className="server-note server-note-bad small">{summary.gaveUp}</span>}
    </div>
  );
}

function Peak({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: 'warn' | undefined }) {
  return (
    <span className={tone ? `server-peak server-peak-${tone}` : 'server-peak'} data-testid={testId}>
      <span className="muted">{label}</span> <strong>{value}</strong>
    </span>
  );
}

function peaksOf(samples: readonly ServerSample[]): Pick<ServerScrapeSummary, 'maxSlotUse' | 'maxWaiting' | 'maxKvCacheUsage'> {
  const max = (pick: (sample: ServerSample) => number | null): number | null =>
    samples.reduce<number | null>((best, sample) => {
      const value = pick(sample);
      return value === null ? best : Math.max(best ?? 0, value);
    }, null);
  return { maxSlotUse: max((s) => s.derived.slotUse), maxWaiting: max((s) => s.derived.waiting), maxKvCacheUsage: max((s) => s.derived.kvCacheUsage) };
}
