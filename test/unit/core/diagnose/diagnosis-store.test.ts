import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiagnosisStore } from '../../../../src-main/core/diagnose/diagnosis-store';
import { Diagnosis, DiagnosisGoal } from '../../../../src-shared/schemas/diagnosis';
import { makeTempDir } from '../../../support/temp-dir';

let temp: { dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('llmwb-diagnoses-');
});
afterEach(async () => temp.cleanup());

const goal = DiagnosisGoal.parse({ preset: 'seed', slo: 'e2e_p95<5000,error_rate<0.01', workload: {} });
const diagnosis = (id: string, workspaceId: string, createdAt = 1): Diagnosis =>
  Diagnosis.parse({ id, workspaceId, url: 'http://127.0.0.1:8080', createdAt, updatedAt: createdAt, status: 'running', goal, steps: [{ step: 'goal', state: 'done', estimateS: 0 }] });

describe('the diagnoses of a data folder', () => {
  it('keeps each diagnosis in its own folder and lists them newest first, by workspace', async () => {
    const store = createDiagnosisStore(temp.dir);
    const [first, second] = [store.newId(), store.newId()];
    await store.save(diagnosis(first, 'ws-a'));
    await store.save(diagnosis(second, 'ws-b', 2));
    expect((await store.list()).map((d) => d.id)).toEqual([second, first]);
    expect((await store.list('ws-a')).map((d) => d.id)).toEqual([first]);
    expect(await store.get(first)).toMatchObject({ id: first, status: 'running' });
  });

  it('reads a running diagnosis whose process is gone as interrupted, so it can be resumed', async () => {
    const store = createDiagnosisStore(temp.dir);
    const id = store.newId();
    await store.save(diagnosis(id, 'ws-a'));
    // A pid above the kernel's pid_max: no process has it.
    await writeFile(join(temp.dir, 'diagnoses', id, 'owner.json'), JSON.stringify({ pid: 2 ** 22 + 7, hostname: hostname() }));
    expect((await store.get(id)).status).toBe('interrupted');
  });

  it('says which diagnosis is missing', async () => {
    await expect(createDiagnosisStore(temp.dir).get('dx-none')).rejects.toMatchObject({ code: 'not_found', message: 'No diagnosis dx-none in this data folder.' });
  });
});
