import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { buildEngine, llamaOptionProblems, simOptionProblems, type BuiltEngine } from '../../../src-main/demo/engine/engine-choice';
import { SimEngine } from '../../../src-main/demo/engine/sim-engine';

const host = { physical: 2, logical: 2 };

async function built(options: Parameters<typeof buildEngine>[0]): Promise<{ result: BuiltEngine; warnings: string[] }> {
  const warnings: string[] = [];
  const result = await buildEngine(options, { warn: (line) => warnings.push(line) }, host);
  return { result, warnings };
}

describe('what the llama engine cannot honour', () => {
  it('finds nothing wrong with plain llama-server options', () => {
    expect(llamaOptionProblems({ parallel: 4, ctxSize: 2048, threads: 1, threadsBatch: 1, batchSize: 512, ubatchSize: 128 })).toEqual([]);
  });

  it('lists every sim-only knob, embeddings, a separate -tb, too many slots and a micro-batch smaller than the slots', () => {
    const problems = llamaOptionProblems({ speed: 2, simTokenMs: 5, embeddings: true, threads: 1, threadsBatch: 2, parallel: 300, ubatchSize: 64 });
    expect(problems).toHaveLength(6);
    for (const fragment of ['--speed', '--sim-token-ms', '--embeddings', '-tb 2', '-np 300', '-ub 64 is below -np 300']) {
      expect(problems.some((problem) => problem.includes(fragment))).toBe(true);
    }
  });
});

describe('choosing the engine', () => {
  it('runs llama by default on the bundled model, sized by the model and the machine', async () => {
    const { result, warnings } = await built({ parallel: 2 });
    try {
      expect(result.choice).toEqual({ requested: 'auto', running: 'llama', fallbackReason: null });
      expect(result.engine.info.model.path).toMatch(/resources\/models\/stories260K\.gguf$/);
      // The model's training context (2048), split across the two slots as llama-server splits -c.
      expect(result.settings).toMatchObject({ nSlots: 2, nCtxTotal: 2048, nCtxSlot: 1024, threads: 1, threadsBatch: 1 });
      expect(result.settings.threadsReason).toMatch(/default for the llama engine/);
      expect(warnings).toEqual([]);
    } finally {
      await result.engine.close();
    }
  });

  it('picks the sim without a warning when a sim-only flag is given, and says why', async () => {
    const { result, warnings } = await built({ speed: 4 });
    expect(result.engine).toBeInstanceOf(SimEngine);
    expect(result.choice.fallbackReason).toMatch(/--speed shapes the sim engine only/);
    expect(warnings).toEqual([]);
  });

  it('falls back to the sim with a warning when the model cannot be loaded', async () => {
    const { result, warnings } = await built({ model: '/nonexistent/model.gguf' });
    expect(result.choice).toEqual({ requested: 'auto', running: 'sim', fallbackReason: 'model file not found: /nonexistent/model.gguf' });
    expect(warnings).toEqual([expect.stringMatching(/llama engine cannot start \(model file not found.*running the sim engine instead/)]);
    expect(result.engine.info.model.path).toBe('/nonexistent/model.gguf');
  });

  it('refuses --engine llama it cannot load, instead of quietly running the sim', async () => {
    const failure = await buildEngine({ engine: 'llama', model: '/nonexistent/model.gguf' }, { warn: () => undefined }, host).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/--engine llama cannot start: model file not found/) });
  });

  it('refuses --engine llama with options only the sim honours, listing them all', async () => {
    const failure = await buildEngine({ engine: 'llama', speed: 2, embeddings: true }, { warn: () => undefined }, host).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'invalid_input', details: [expect.stringMatching(/--speed/), expect.stringMatching(/--embeddings/)] });
  });

  it('takes -fa to the llama engine and refuses it with the sim, even when auto fell back to the sim', async () => {
    expect(simOptionProblems({ flashAttn: 'off' })).toEqual([expect.stringMatching(/-fa off: the sim engine does not model flash attention/)]);
    const { result } = await built({ flashAttn: 'off', parallel: 1 });
    try {
      expect(result.choice.running).toBe('llama');
    } finally {
      await result.engine.close();
    }
    const refused = await buildEngine({ flashAttn: 'on', model: '/nonexistent/model.gguf' }, { warn: () => undefined }, host).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/-fa on: the sim engine[\s\S]*the sim runs because model file not found/) });
  });

  it('runs --engine sim even where llama could load', async () => {
    const { result } = await built({ engine: 'sim' });
    expect(result.choice).toEqual({ requested: 'sim', running: 'sim', fallbackReason: null });
    expect(result.settings.nCtxTotal).toBe(16384);
  });
});
