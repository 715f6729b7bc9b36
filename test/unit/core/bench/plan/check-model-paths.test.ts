import { describe, expect, it } from 'vitest';
import { findModelPathProblems, type PathProbe } from '../../../../../src-main/core/bench/plan/check-model-paths';

const host: Record<string, Awaited<ReturnType<PathProbe>>> = {
  '/models/ok.gguf': 'file',
  '/models': 'not-a-file',
  '/root/secret.gguf': 'unreadable',
};
const probe: PathProbe = async (path) => host[path] ?? 'missing';

describe('findModelPathProblems', () => {
  it('names every model path that cannot be benchmarked, in plan order', async () => {
    expect(await findModelPathProblems(['/models/ok.gguf', '/models/typo.gguf', '/models', '/root/secret.gguf', '/models/ok.gguf'], probe)).toEqual([
      '-m: no model at "/models/typo.gguf" on the host',
      '-m: "/models" on the host is not a file',
      '-m: "/root/secret.gguf" on the host cannot be read by the user llama-bench runs as',
      '-m: "/models/ok.gguf" is given twice; llama-bench would benchmark it twice',
    ]);
  });

  it('has nothing to say about models that are there', async () => {
    expect(await findModelPathProblems(['/models/ok.gguf'], probe)).toEqual([]);
  });
});
