import { z } from 'zod';
import { Id } from './ids';
import { LaunchSettings } from './launch';

export const ServerKind = z.enum(['llama.cpp', 'openai', 'vllm', 'ollama']);
export type ServerKind = z.infer<typeof ServerKind>;

/** A base URL such as http://127.0.0.1:8080 (no trailing path; the API paths are added per request). */
export const BaseUrl = z
  .string()
  .trim()
  .url('a URL such as http://127.0.0.1:8080')
  .refine((value) => /^https?:\/\//i.test(value), 'the URL must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));

export const Endpoint = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  url: BaseUrl,
  kind: ServerKind,
  /** The built-in demo server: the UI labels it as such everywhere it is shown. */
  isDemo: z.boolean().default(false),
  model: z.string().max(200).optional(),
  /**
   * How the endpoint's server is launched on the workspace's host, when the user said so
   * (`endpoints.setLaunch`): what the Config page and `llmwb config` change and restart. Absent:
   * not managed (a demo endpoint is always managed by the demo method).
   */
  launch: LaunchSettings.optional(),
});
export type Endpoint = z.infer<typeof Endpoint>;

export const NewEndpoint = z.object({
  workspaceId: Id,
  name: z.string().trim().min(1).max(120).optional(),
  url: BaseUrl,
  kind: ServerKind.default('llama.cpp'),
  isDemo: z.boolean().default(false),
  model: z.string().max(200).optional(),
});
export type NewEndpoint = z.input<typeof NewEndpoint>;
