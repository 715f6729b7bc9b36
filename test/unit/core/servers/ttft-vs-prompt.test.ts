import { describe, expect, it } from 'vitest';
import { pairTtftWithPromptMs } from '../../../../src-shared/schemas/server-sample';

interface Row {
  ttftMs: number | null;
  timings?: { prompt_ms: number };
}

const read = { ttftMs: (row: Row) => row.ttftMs, promptMs: (row: Row) => row.timings?.prompt_ms };

describe('pairTtftWithPromptMs', () => {
  it('pairs client TTFT with server prompt time, sorted by prompt time, with the time spent outside prefill', () => {
    const rows: Row[] = [
      { ttftMs: 130, timings: { prompt_ms: 30 } },
      { ttftMs: 25, timings: { prompt_ms: 20 } },
      { ttftMs: 80, timings: { prompt_ms: 40 } },
    ];
    expect(pairTtftWithPromptMs(rows, read)).toEqual({
      points: [
        { promptMs: 20, ttftMs: 25, outsidePrefillMs: 5 },
        { promptMs: 30, ttftMs: 130, outsidePrefillMs: 100 },
        { promptMs: 40, ttftMs: 80, outsidePrefillMs: 40 },
      ],
      unpaired: 0,
      medianOutsidePrefillMs: 40,
    });
  });

  it('counts requests without timings or without a first token, and draws none of them', () => {
    const rows: Row[] = [{ ttftMs: null, timings: { prompt_ms: 3 } }, { ttftMs: 12 }, { ttftMs: 10, timings: { prompt_ms: 4 } }, { ttftMs: 14, timings: { prompt_ms: 6 } }];
    const paired = pairTtftWithPromptMs(rows, read);
    expect(paired.unpaired).toBe(2);
    expect(paired.medianOutsidePrefillMs).toBe(7);
    expect(pairTtftWithPromptMs([], read)).toEqual({ points: [], unpaired: 0, medianOutsidePrefillMs: null });
  });
});
