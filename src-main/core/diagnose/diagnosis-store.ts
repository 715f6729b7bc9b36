import { AppError } from '../../../src-shared/errors';
import { Diagnosis } from '../../../src-shared/schemas/diagnosis';
import { artifactFolders } from '../store/artifact-folders';
import { newId } from '../store/ids';
import { currentProcessOwner, isOwnerGone, ProcessOwner } from '../store/process-owner';

const diagnosisFile = 'diagnosis.json';
/** The process carrying the diagnosis out, beside it: a `running` diagnosis whose owner is gone was interrupted. */
const ownerFile = 'owner.json';

/** The diagnoses of a data folder: one folder each under `<dataDir>/diagnoses/`, written after every step and probe. */
export interface DiagnosisStore {
  /** A new diagnosis's id (not yet written). */
  newId(): string;
  /** Writes the diagnosis atomically, and this process as its owner while it runs. */
  save(diagnosis: Diagnosis): Promise<void>;
  /** The diagnosis, `interrupted` when it says running but its process is gone; not_found when absent. */
  get(id: string): Promise<Diagnosis>;
  /** Every diagnosis, newest first (of one workspace when given). */
  list(workspaceId?: string): Promise<Diagnosis[]>;
}

/** The diagnoses of `dataDir`. */
export function createDiagnosisStore(dataDir: string): DiagnosisStore {
  const folders = artifactFolders(dataDir, 'diagnoses');
  const read = async (id: string): Promise<Diagnosis | undefined> => {
    const diagnosis = await folders.readJson(id, diagnosisFile, Diagnosis);
    if (diagnosis?.status !== 'running') return diagnosis;
    const owner = await folders.readJson(id, ownerFile, ProcessOwner);
    return owner === undefined || isOwnerGone(owner) ? { ...diagnosis, status: 'interrupted' } : diagnosis;
  };
  return {
    newId: () => newId('dx-'),
    async save(diagnosis) {
      if (diagnosis.status === 'running') await folders.writeJson(diagnosis.id, ownerFile, currentProcessOwner());
      await folders.writeJson(diagnosis.id, diagnosisFile, Diagnosis.parse(diagnosis));
    },
    async get(id) {
      const diagnosis = await read(id);
      if (diagnosis === undefined) throw new AppError('not_found', `No diagnosis ${id} in this data folder.`);
      return diagnosis;
    },
    async list(workspaceId) {
      const all = await Promise.all((await folders.list()).map(read));
      const kept = all.filter((diagnosis): diagnosis is Diagnosis => diagnosis !== undefined && (workspaceId === undefined || diagnosis.workspaceId === workspaceId));
      // Ids made in the same millisecond do not sort by creation; createdAt does.
      return kept.sort((a, b) => b.createdAt - a.createdAt);
    },
  };
}
