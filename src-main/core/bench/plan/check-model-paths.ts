/** How the caller learns whether a path is a readable file on the host (a HostSession `test -r`, or fs locally). */
export type PathProbe = (path: string) => Promise<'file' | 'missing' | 'not-a-file' | 'unreadable'>;

/**
 * The plan's model paths that cannot be benchmarked, as messages naming each path, so the user
 * hears "no model at …" before llama-bench starts (it would stop at the first bad model, after
 * benchmarking the ones before it). The probe does the I/O; this stays pure and host-agnostic.
 * Paths are probed one at a time, in order, so messages come out in the order of the plan.
 */
export async function findModelPathProblems(models: readonly string[], probe: PathProbe): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, model] of models.entries()) {
    if (models.indexOf(model) !== index) {
      problems.push(`-m: "${model}" is given twice; llama-bench would benchmark it twice`);
      continue;
    }
    const state = await probe(model);
    if (state === 'missing') problems.push(`-m: no model at "${model}" on the host`);
    else if (state === 'not-a-file') problems.push(`-m: "${model}" on the host is not a file`);
    else if (state === 'unreadable') problems.push(`-m: "${model}" on the host cannot be read by the user llama-bench runs as`);
  }
  return problems;
}
