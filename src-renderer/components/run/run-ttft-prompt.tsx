import { useMemo } from 'react';
import { useRunRequestPoints } from '../../queries/runs';
import { useChartPalette } from '../charts/palette';
import { ScatterChart } from '../charts/scatter-chart';
import { ttftPromptData, ttftPromptOptions } from '../charts/ttft-prompt-datasets';
import { ErrorMessage } from '../ui/error-message';

/**
 * Client TTFT against the server's own prompt time, per request, for a finished run. The gap
 * above y = x is queueing + network + HTTP; only servers that send llama.cpp's `timings` have it.
 */
export function RunTtftPrompt({ runId }: { runId: string }) {
  const query = useRunRequestPoints(runId);
  const palette = useChartPalette();
  const view = useMemo(() => ttftPromptData(query.data?.points ?? [], palette), [query.data, palette]);
  const options = useMemo(() => ttftPromptOptions(palette), [palette]);
  if (query.isPending) return null;
  return (
    <>
      <ErrorMessage error={query.error} testId="ttft-prompt-error" />
      <ScatterChart
        title="Client TTFT vs server prompt time"
        data={view.data}
        options={options}
        testId="chart-ttft-prompt"
        emptyText="This server reports no per-request timings."
        subtitle={subtitleOf(view.medianOutsidePrefillMs, query.data)}
      />
    </>
  );
}

function subtitleOf(medianMs: number | null, data: { points: unknown[]; paired: number; requests: number } | undefined): string | undefined {
  if (medianMs === null || data === undefined) return undefined;
  const sampled = data.points.length < data.paired ? `, ${data.points.length} of ${data.paired} shown` : '';
  return `Median gap above y = x (queueing + network + HTTP): ${medianMs.toFixed(1)} ms · ${data.paired} of ${data.requests} requests have timings${sampled}`;
}
