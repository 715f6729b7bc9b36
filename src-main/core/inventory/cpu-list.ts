/** Above this a CPU list is treated as garbage rather than expanded (Linux's NR_CPUS tops out at 8192). */
const maxCpuId = 65_535;

/**
 * Expands a kernel CPU list (`0-3,8-11`, `0,2,4`, `` for none) into CPU ids, sorted and
 * unique. Null for anything that is not a CPU list. Also reads cpuset.cpus-style lists.
 */
export function parseCpuList(text: string): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const ids = new Set<number>();
  for (const part of trimmed.split(',')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (range?.[1] === undefined) return null;
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    if (last < first || last > maxCpuId) return null;
    for (let id = first; id <= last; id += 1) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** How many CPUs a list names, or null when it is not a list. */
export function countCpuList(text: string): number | null {
  return parseCpuList(text)?.length ?? null;
}
