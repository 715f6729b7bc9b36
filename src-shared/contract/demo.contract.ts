import { z } from 'zod';
import { Id } from '../schemas/ids';
import { Endpoint } from '../schemas/endpoint';
import { defineOperation } from './define';

export const DemoServerOptions = z.strictObject({
  parallel: z.number().int().min(1).max(64).default(4),
  ctxSize: z.number().int().min(256).max(1_048_576).default(8192),
  threads: z.number().int().min(1).max(256).optional(),
});

export const DemoStatus = z.object({
  running: z.boolean(),
  url: z.string().optional(),
  options: DemoServerOptions.optional(),
});

export const demoOperations = {
  'demo.status': defineOperation({
    summary: 'Whether the built-in demo server runs in this process, and where.',
    input: z.object({}).default({}),
    output: DemoStatus,
  }),
  'demo.attach': defineOperation({
    summary: 'Start the built-in demo server if needed and add it to a workspace as an endpoint.',
    input: z.object({ workspaceId: Id, options: DemoServerOptions.default({ parallel: 4, ctxSize: 8192 }) }),
    output: Endpoint,
  }),
} as const;
