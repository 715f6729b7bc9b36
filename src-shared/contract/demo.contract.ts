import { z } from 'zod';
import { Id } from '../schemas/ids';
import { Endpoint } from '../schemas/endpoint';
import { ServerConfig } from '../schemas/server-config';
import { defineOperation } from './define';

/** What the demo starts with when a caller names no configuration: 4 slots sharing 8192 tokens. */
export const defaultDemoConfig: ServerConfig = { flags: { parallel: 4, ctxSize: 8192 } };

export const DemoStatus = z.object({
  running: z.boolean(),
  url: z.string().optional(),
  /** The configuration it was started with. */
  config: ServerConfig.optional(),
});

export const demoOperations = {
  'demo.status': defineOperation({
    summary: 'Whether the built-in demo server runs in this process, and where.',
    input: z.object({}).default({}),
    output: DemoStatus,
  }),
  'demo.attach': defineOperation({
    summary:
      'Start the built-in demo server if needed (restarting it when the configuration differs) and add it to a workspace as an endpoint. Takes a whole llama-server configuration; flags the demo cannot honour are refused (invalid_input) with the reason for each.',
    input: z.object({ workspaceId: Id, config: ServerConfig.default(defaultDemoConfig) }),
    output: Endpoint,
  }),
} as const;
