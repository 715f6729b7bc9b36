import { z } from 'zod';
import { Id } from '../schemas/ids';
import { Endpoint, NewEndpoint } from '../schemas/endpoint';
import { NewWorkspace, Workspace } from '../schemas/workspace';
import { defineOperation } from './define';

export const workspacesOperations = {
  'workspaces.list': defineOperation({
    summary: 'List every saved workspace with its endpoints.',
    input: z.object({}).default({}),
    output: z.array(Workspace),
  }),
  'workspaces.create': defineOperation({
    summary: 'Create a workspace for an inference host.',
    input: NewWorkspace,
    output: Workspace,
  }),
  'workspaces.remove': defineOperation({
    summary: 'Delete a workspace (its runs stay on disk).',
    input: z.object({ workspaceId: Id }),
    output: z.object({ removed: z.boolean() }),
  }),
  'endpoints.add': defineOperation({
    summary: 'Add an endpoint URL to a workspace.',
    input: NewEndpoint,
    output: Endpoint,
  }),
  'endpoints.remove': defineOperation({
    summary: 'Remove an endpoint from a workspace.',
    input: z.object({ workspaceId: Id, endpointId: Id }),
    output: z.object({ removed: z.boolean() }),
  }),
} as const;

export const workspacesEvents = {
  /** A coarse fact: the UI refetches the workspace list. */
  'workspaces.changed': z.object({ workspaceId: Id.optional() }),
} as const;
