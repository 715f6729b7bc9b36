import { useMemo } from 'react';
import { useTheme, type Theme } from '../../lib/theme';
import type { ChartPalette } from './datasets';

const fallbacks: Record<Theme, ChartPalette> = {
  light: {
    text: '#5b6270',
    grid: '#e3e6ea',
    series: ['#2563eb', '#d97706', '#059669', '#9333ea', '#dc2626', '#0891b2', '#64748b', '#db2777'],
    marker: '#94a3b8',
  },
  dark: {
    text: '#a4abb8',
    grid: '#2c323c',
    series: ['#60a5fa', '#fbbf24', '#34d399', '#c084fc', '#f87171', '#22d3ee', '#94a3b8', '#f472b6'],
    marker: '#4b5563',
  },
};

/** Reads the theme's CSS variables; the theme is passed in because it decides their values. */
function readPalette(theme: Theme): ChartPalette {
  const style = getComputedStyle(document.documentElement);
  const fallback = fallbacks[theme];
  const read = (name: string, value: string) => style.getPropertyValue(name).trim() || value;
  return {
    text: read('--text-muted', fallback.text),
    grid: read('--chart-grid', fallback.grid),
    series: fallback.series.map((value, i) => read(`--chart-${i + 1}`, value)),
    marker: read('--chart-marker', fallback.marker ?? fallback.grid),
  };
}

/** Chart colours come from the same CSS variables as the page, so a theme switch repaints both. */
export function useChartPalette(): ChartPalette {
  const { theme } = useTheme();
  return useMemo(() => readPalette(theme), [theme]);
}
