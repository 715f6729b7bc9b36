import { describe, expect, it } from 'vitest';
import { migrate002to003 } from '../../../../../src-main/core/store/migrations/003-thin-runs';

const plan = { url: 'http://127.0.0.1:1', api: 'chat', load: { kind: 'closed', virtualUsers: 1 }, durationS: 1, maxTokens: 8, prompt: 'hi', requestTimeoutS: 10, ignoreEos: false };
const owner = { pid: 42, hostname: 'box' };

describe('index migration 003 (thin run rows), its pure step', () => {
  it('turns a whole record into its row, keeping the owner of a live run, without changing its input', () => {
    const raw = { version: 2, workspaces: [], runs: [{ id: 'r1', url: plan.url, startedAt: 5, status: 'running', plan, serverConfig: undefined, owner }] };
    const copy = structuredClone(raw);
    const migrated = migrate002to003.migrate(raw);
    expect(raw).toEqual(copy);
    expect(migrated).toEqual({ version: 3, workspaces: [], runs: [{ id: 'r1', url: plan.url, startedAt: 5, status: 'running', load: plan.load, durationS: 1, owner }] });
  });

  it('leaves a row that is not a valid record as it is, for the index check to report', () => {
    const broken = { id: 'r2', status: 'completed' };
    expect(migrate002to003.migrate({ version: 2, workspaces: [], runs: [broken] }).runs).toEqual([broken]);
  });
});
