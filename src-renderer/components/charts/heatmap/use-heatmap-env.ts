import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTheme } from '../../../lib/theme';
import type { HeatmapColours } from './heatmap-decor';

/** The element's content width in CSS pixels, kept current with a ResizeObserver. */
export function useElementWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((previous) => (previous === next ? previous : next));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
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
