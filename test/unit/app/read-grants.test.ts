import { describe, expect, it, vi } from 'vitest';
import type { LocalFilePurpose } from '../../../src-shared/contract/files.contract';
import { createReadGrants, type PickablePurpose } from '../../../src-main/app/read-grants';

/** main's dialogs, played by the test: what the open dialog returns and how the user answers. */
function dialogs(options: { picked?: string; answer?: (path: string) => boolean | Promise<boolean> } = {}) {
  const asked: Array<{ path: string; purpose: LocalFilePurpose }> = [];
  const grants = createReadGrants({
    showOpenDialog: async (_purpose: PickablePurpose) => options.picked,
    confirmRead: async (path, purpose) => {
      asked.push({ path, purpose });
      return (await options.answer?.(path)) ?? false;
    },
    homeDir: '/home/ada',
  });
  return { grants, asked };
}

describe('which local files the page may have the core read', () => {
  it('allows a file chosen in main’s dialog without asking', async () => {
    const { grants, asked } = dialogs({ picked: '/data/sharegpt.json' });
    expect(await grants.pick('dataset')).toBe('/data/sharegpt.json');
    expect(await grants.mayRead('/data/sharegpt.json', 'dataset')).toBe(true);
    expect(asked).toEqual([]);
  });

  it('grants nothing when the dialog is cancelled', async () => {
    const { grants } = dialogs({ picked: undefined });
    expect(await grants.pick('identity')).toBeUndefined();
    expect(await grants.mayRead('/home/ada/.ssh/id_ed25519', 'identity')).toBe(false);
  });

  it('asks about a typed path and refuses it when the user says no', async () => {
    const { grants, asked } = dialogs({ answer: () => false });
    expect(await grants.mayRead('/home/ada/.aws/credentials', 'dataset')).toBe(false);
    expect(asked).toEqual([{ path: '/home/ada/.aws/credentials', purpose: 'dataset' }]);
  });

  it('asks about a typed path once, and remembers a yes', async () => {
    const { grants, asked } = dialogs({ answer: () => true });
    expect(await grants.mayRead('~/.ssh/id_ed25519', 'identity')).toBe(true);
    expect(await grants.mayRead('/home/ada/.ssh/id_ed25519', 'identity')).toBe(true);
    expect(asked).toHaveLength(1);
  });

  it('does not take a path that climbs out of a picked one for the picked file', async () => {
    const { grants, asked } = dialogs({ picked: '/data/sharegpt.json', answer: () => false });
    await grants.pick('dataset');
    expect(await grants.mayRead('/data/sharegpt.json/../../home/ada/.ssh/id_rsa', 'dataset')).toBe(false);
    expect(asked.map((question) => question.path)).toEqual(['/data/sharegpt.json/../../home/ada/.ssh/id_rsa']);
  });

  it('asks one question at a time, and a second request for the same path shares the answer', async () => {
    let answerFirst: (isAllowed: boolean) => void = () => undefined;
    const { grants, asked } = dialogs({ answer: () => new Promise<boolean>((resolve) => (answerFirst = resolve)) });
    const first = grants.mayRead('/data/a.txt', 'dataset');
    const second = grants.mayRead('/data/a.txt', 'dataset');
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    answerFirst(true);
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(asked).toHaveLength(1);
  });
});
