import { useCallback, useSyncExternalStore } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const storageKey = 'llmwb.theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

function readPreference(): ThemePreference {
  const stored = window.localStorage.getItem(storageKey);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function resolve(preference: ThemePreference): Theme {
  if (preference !== 'system') return preference;
  return media().matches ? 'dark' : 'light';
}

/** CSS keys off `data-theme` on <html>; charts read the same variables, so both always agree. */
export function applyTheme(): void {
  document.documentElement.dataset.theme = resolve(readPreference());
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const mql = media();
  mql.addEventListener('change', applyTheme);
  return () => {
    listeners.delete(listener);
    mql.removeEventListener('change', applyTheme);
  };
}

const order: ThemePreference[] = ['system', 'light', 'dark'];

export function useTheme() {
  const preference = useSyncExternalStore(subscribe, readPreference);
  const theme = useSyncExternalStore(subscribe, () => resolve(readPreference()));
  const cycle = useCallback(() => {
    const next = order[(order.indexOf(readPreference()) + 1) % order.length] ?? 'system';
    if (next === 'system') window.localStorage.removeItem(storageKey);
    else window.localStorage.setItem(storageKey, next);
    applyTheme();
  }, []);
  return { preference, theme, cycle };
}
