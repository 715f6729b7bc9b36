import { describe, expect, it } from 'vitest';
import { ttftPromptData } from '../../../../../src-renderer/components/charts/ttft-prompt-datasets';

const palette = { text: '#000', grid: '#eee', series: ['#00f'], marker: '#999' };

describe('ttftPromptData', () => {
  it('plots server prompt time on x and client TTFT on y, sorted by x, with a y = x line across the range', () => {
    const view = ttftPromptData(
      [
        { ttftMs: 130, serverPromptMs: 30 },
        { ttftMs: 25, serverPromptMs: 20 },
        { ttftMs: 80, serverPromptMs: 40, queueMs: 35 },
      ],
      palette,
    );
    expect(view.data.datasets[0]!.data).toEqual([{ x: 20, y: 25 }, { x: 30, y: 130 }, { x: 40, y: 80 }]);
    expect(view.data.datasets[1]!.data).toEqual([{ x: 0, y: 0 }, { x: 130, y: 130 }]);
    expect(view.medianOutsidePrefillMs).toBe(40);
    expect(view.pointCount).toBe(3);
  });

  it('draws nothing, not even the reference line, for a server without timings', () => {
    const view = ttftPromptData([], palette);
    expect(view.data.datasets.map((set) => set.data.length)).toEqual([0, 0]);
    expect(view.medianOutsidePrefillMs).toBeNull();
  });
});
