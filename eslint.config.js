// Lint rules that keep the house plan visible in the tree (DESIGN.md, STYLE.md §1 and §13).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';

const sizeRules = {
  'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
  'max-lines-per-function': ['warn', { max: 50, skipBlankLines: true, skipComments: true, IIFEs: true }],
  'max-depth': ['error', 4],
  'max-params': ['error', 3],
};

// Who may import whom: the tree's architecture (STYLE.md §1, DESIGN.md "One core, three shells").
const houseZones = [
  { target: './src-main/core', from: './src-main/app', message: 'core never imports the Electron shell' },
  { target: './src-main/core', from: './src-main/serve', message: 'core never imports a shell' },
  { target: './src-main/core', from: './src-main/cli', message: 'core never imports a shell' },
  { target: './src-main/core', from: './src-main/demo', message: 'core receives the demo server as a dependency' },
  { target: './src-main/core', from: './src-renderer' },
  { target: './src-renderer', from: './src-main', message: 'the renderer talks to the core only through the contract' },
  { target: './src-shared', from: './src-main' },
  { target: './src-shared', from: './src-renderer' },
];

// One composition root (#11): a CLI command binds the core every shell binds, so it never builds
// a service of its own or reaches past the core's public entry into its internals.
const cliZone = {
  target: './src-main/cli',
  from: './src-main/core',
  except: ['./index.ts'],
  message: 'the CLI goes through the one core: import from src-main/core/index.ts (createCore and its services, re-exported helpers), never core internals',
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test/artifacts/**', 'test-results/**', 'resources/**', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    // The import zones only see imports they can resolve, and ours name .ts files without an extension.
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.node'] })] },
    rules: {
      ...sizeRules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': ['error', { zones: [...houseZones, cliZone] }],
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'only src-main/app may import electron' }] }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', 'react', 'react-dom'], message: 'src-shared is pure TypeScript: no Node, DOM or Electron' }] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@tanstack/query': pluginQuery },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@tanstack/query/exhaustive-deps': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'max-lines-per-function': 'off', 'max-params': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
