import { useEffect, useMemo, useState } from 'react';
import { useTheme } from '../../../lib/theme';
import type { HeatmapColours } from './heatmap-decor';

/**
 * The element's content width in CSS pixels, kept current with a ResizeObserver. A callback
 * ref, so an element that mounts later (after an empty state) is observed too.
 */
export function useElementWidth<T extends HTMLElement>(): [(element: T | null) => void, number] {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (element === null) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((previous) => (previous === next ? previous : next));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}

/** The canvas colours, from the same CSS variables as the page, re-read when the theme changes. */
export function useHeatmapColours(): HeatmapColours {
  const { theme } = useTheme();
  return useMemo(() => {
    const style = getComputedStyle(document.documentElement);
    const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
    return {
      text: read('--text-muted', theme === 'dark' ? '#9aa3b1' : '#5b6270'),
      grid: read('--chart-grid', theme === 'dark' ? '#262c35' : '#e6e9ed'),
      surface: read('--surface', theme === 'dark' ? '#161a20' : '#ffffff'),
      noData: read('--heatmap-nodata', theme === 'dark' ? '#2a3039' : '#dfe3e8'),
      selection: read('--accent-soft', theme === 'dark' ? '#1a2740' : '#e8effd'),
    };
  }, [theme]);
}
