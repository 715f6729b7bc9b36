import { z } from 'zod';
import { EpochMs, Id } from './ids';
import { Endpoint } from './endpoint';
import { HostSpec } from './host';

/**
 * The inference host a workspace is about: a label, and (issue #4) how to reach it — over SSH
 * or "this machine". Without `spec` the host is only a name and nothing can be measured on it.
 * Passwords and passphrases appear only as secret ids (see core/store/secrets.ts), never here.
 */
export const HostRef = z.object({
  label: z.string().trim().min(1).max(200),
  spec: HostSpec.optional(),
});
export type HostRef = z.infer<typeof HostRef>;

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

/** Labels that name this machine: such a host is measured through LocalHost, no SSH needed. */
export function isThisMachineLabel(label: string): boolean {
  return ['localhost', '127.0.0.1', '::1', 'this machine', 'local'].includes(label.trim().toLowerCase());
}
