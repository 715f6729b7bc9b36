// The import in parts is shared with the CLI, which sends a file through the same operations.
export { importBenchInParts, splitIntoParts, type BenchImportRequest } from '../../src-shared/contract/bench-import-parts';
