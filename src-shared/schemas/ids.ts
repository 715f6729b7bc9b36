import { z } from 'zod';

/** Ids are opaque strings made by the core (time-sortable, see core/store/ids.ts). */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids hold letters, digits, _ and - only');
export type Id = z.infer<typeof Id>;

/** Epoch milliseconds with fractions, the house clock (DESIGN.md "One clock"). */
export const EpochMs = z.number().nonnegative();
