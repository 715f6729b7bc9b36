import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainServerLog } from '../../../../src-main/core/configure/explain-failure';

const fixture = (name: string): string[] => readFileSync(join(__dirname, '../../../fixtures/configure', name), 'utf8').split('\n');

describe('explainServerLog', () => {
  it("names an unknown argument from llama-server's own line", () => {
    const [first] = explainServerLog(fixture('llama-server-version-and-flag-errors.txt'));
    expect(first).toMatchObject({ kind: 'unknown_argument', line: 'error: invalid argument: --no-mmap' });
    expect(first?.explanation).toContain('does not know the argument --no-mmap');
  });

  it('names a refused value with the flag and the reason llama-server gave', () => {
    const refused = explainServerLog(fixture('llama-server-version-and-flag-errors.txt')).find((found) => found.kind === 'rejected_value');
    expect(refused?.line).toBe(`error while handling argument "-fa": error: unknown value for --flash-attn: '--port'`);
    expect(refused?.explanation).toBe("llama-server refused the value given to -fa: unknown value for --flash-attn: '--port'.");
  });

  it('names a port that cannot be bound, with its number', () => {
    const explained = explainServerLog(fixture('llama-server-bind-failure.log'));
    expect(explained.map((found) => found.kind)).toEqual(['port_in_use']);
    expect(explained[0]?.explanation).toMatch(/^Port 8080 is already taken/);
  });

  it('names a model file that is not there, not the load failure that follows it', () => {
    const explained = explainServerLog(fixture('model-not-found.log'));
    expect(explained.map((found) => found.kind)).toEqual(['model_not_found']);
    expect(explained[0]?.explanation).toContain('/home/user/models/ggml-org/gemma-3-12b-it-qat-q4_0.gguf');
  });

  it('names an out-of-memory allocation of the KV cache and of the weights', () => {
    for (const name of ['out-of-memory-kv.log', 'out-of-memory-weights.log']) {
      const explained = explainServerLog(fixture(name));
      expect(explained.map((found) => found.kind)).toEqual(['out_of_memory']);
      expect(explained[0]?.line).toContain('cudaMalloc failed: out of memory');
      expect(explained[0]?.explanation).toMatch(/lower -c or -np/);
    }
  });

  it("names the demo server's refusals the same way", () => {
    const lines = ['demo-server: 2 problems with the flags:', '  - invalid argument: --bogus (not a llama-server flag)', '  - -np: 0 is out of range (1 to 256)'];
    expect(explainServerLog(lines).map((found) => [found.kind, found.line])).toEqual([
      ['unknown_argument', lines[1]],
      ['rejected_value', lines[2]],
    ]);
  });

  it("explains nothing in a healthy server's log, even one with request errors", () => {
    expect(explainServerLog(fixture('llama-server-healthy.log'))).toEqual([]);
  });
});
