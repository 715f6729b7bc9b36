import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Renderer-only Vite config for looking at pages without Electron (electron-vite's dev and
 * preview both try to start the Electron binary, which the build machines do not have).
 * The real build is `npm run build`; this one writes to out/renderer-dev.
 */
const root = resolve(import.meta.dirname, '../../..');

export default defineConfig({
  root: resolve(root, 'src-renderer'),
  plugins: [react()],
  build: { outDir: resolve(root, 'out/renderer-dev'), emptyOutDir: true },
});
