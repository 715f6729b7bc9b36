import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateServerConfig } from '../../../../../src-shared/config/validate-server-config';
import { DraftServerConfig } from '../../../../../src-shared/contract/config.contract';
import type { ServerConfig } from '../../../../../src-shared/schemas/server-config';
import { draftFromConfig, draftToConfig, editableFlags, flagGroups, isDraftChanged, joinWords, splitWords } from '../../../../../src-renderer/pages/config/config-draft';

const read: ServerConfig = {
  model: '/models/qwen 7b.gguf',
  flags: { parallel: 2, ctxSize: 4096, contBatching: false, cacheTypeK: 'q8_0', tensorSplit: ['3', '1'] },
  env: { CUDA_VISIBLE_DEVICES: '0' },
  extraArgs: ['--no-such-flag', 'a word with spaces'],
};

describe('the config editor draft', () => {
  it('gives back the configuration it was filled from, env and unknown arguments included', () => {
    expect(draftToConfig(draftFromConfig(read))).toEqual(read);
    expect(isDraftChanged(draftFromConfig(read), read)).toBe(false);
  });

  it('reads typed text as the flag’s type: numbers, keywords, on/off toggles and comma lists', () => {
    const draft = draftFromConfig({ flags: {} });
    const config = draftToConfig({ ...draft, flags: { parallel: ' 8 ', gpuLayers: 'auto', flashAttn: 'on', contBatching: 'off', tensorSplit: '3, 1,' } });
    expect(config.flags).toEqual({ parallel: 8, gpuLayers: -1, flashAttn: 'on', contBatching: false, tensorSplit: ['3', '1'] });
  });

  it('leaves an emptied value out so llama-server’s default applies, and counts that as a change', () => {
    const draft = draftFromConfig(read);
    const emptied = { ...draft, flags: { ...draft.flags, parallel: '' } };
    expect(draftToConfig(emptied).flags).not.toHaveProperty('parallel');
    expect(isDraftChanged(emptied, read)).toBe(true);
  });

  it('sends text that is not a number as text, so validation names the problem in its own words', () => {
    const config = draftToConfig({ ...draftFromConfig({ flags: {} }), flags: { threads: 'four' } });
    expect(DraftServerConfig.safeParse(config).success).toBe(true);
    expect(validateServerConfig(config as ServerConfig)).toEqual([{ severity: 'error', flags: ['threads'], message: '-t "four": expected a number.' }]);
  });

  it('offers every catalog group except --help, --version and the model, which has its own field', () => {
    const keys = flagGroups.flatMap((group) => editableFlags(group.section).map((flag) => flag.key));
    expect(keys).toContain('parallel');
    expect(keys).toContain('threads');
    expect(keys).not.toContain('help');
    expect(keys).not.toContain('model');
  });

  it('splits the words it joined back into the same words, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (words) => {
        expect(splitWords(joinWords(words))).toEqual(words);
      }),
    );
  });
});
