import { z } from 'zod';
import { EpochMs, Id } from './ids';
import { Endpoint } from './endpoint';

/** The inference host a workspace is about. Issue #4 adds SSH details; here it is a label. */
export const HostRef = z.object({
  label: z.string().trim().min(1).max(200),
});

export const Workspace = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  host: HostRef,
  endpoints: z.array(Endpoint),
  createdAt: EpochMs,
});
export type Workspace = z.infer<typeof Workspace>;

export const NewWorkspace = z.object({
  name: z.string().trim().min(1, 'a workspace needs a name').max(120),
  hostLabel: z.string().trim().min(1).max(200).default('localhost'),
});
export type NewWorkspace = z.input<typeof NewWorkspace>;
