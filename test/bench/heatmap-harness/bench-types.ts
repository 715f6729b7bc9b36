/** What the harness page is asked to do and what it answers (shared by the page and its Node driver). */
export interface BenchOptions {
  cpus: number;
  gpus: number;
  samples: number;
  updates: number;
  width: number;
}

export interface BenchResult {
  ingestMs: number;
  firstDrawMs: number;
  updateMs: number[];
  updateKinds: string[];
  canvas: { width: number; height: number };
}
