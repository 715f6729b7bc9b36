import type { CapacityPreset, ProbeRequestCounts, ProbeStage } from '../../../../src-shared/schemas/capacity';

/** One preset: request counts per stage, and how many passing confirmations the capacity needs. */
export interface FidelityPreset {
  stages: Record<ProbeStage, ProbeRequestCounts>;
  /** Confirmations of x_pass; the runner restarts the server between them where it can (§A5 step 6). */
  confirmRuns: number;
}

/**
 * tuning-loop.md §A3's presets (requests per probe, min / max). Quick is the wizard's: its
 * results are labelled indicative. A confirmation has a fixed count (min = max).
 */
export const fidelityPresets: Record<CapacityPreset, FidelityPreset> = {
  quick: {
    stages: { bracket: { minRequests: 60, maxRequests: 150 }, refine: { minRequests: 100, maxRequests: 300 }, confirm: { minRequests: 300, maxRequests: 300 } },
    confirmRuns: 1,
  },
  standard: {
    stages: { bracket: { minRequests: 100, maxRequests: 300 }, refine: { minRequests: 300, maxRequests: 1000 }, confirm: { minRequests: 1000, maxRequests: 1000 } },
    confirmRuns: 2,
  },
  thorough: {
    stages: { bracket: { minRequests: 300, maxRequests: 1000 }, refine: { minRequests: 1000, maxRequests: 3000 }, confirm: { minRequests: 3000, maxRequests: 3000 } },
    confirmRuns: 3,
  },
};
