import type { ServerConfig } from '../../src-shared/schemas/server-config';

/**
 * What the core needs from the built-in demo server. The server itself lives in src-main/demo
 * (outside the core); shells pass `startDemoServer` in, so the core never imports it.
 */
export interface DemoServerHandle {
  url: string;
  close(): Promise<void>;
}

export interface DemoServerPort {
  /** Starts the demo with a llama-server configuration; rejects flags it cannot honour, saying why. */
  start(config: ServerConfig): Promise<DemoServerHandle>;
  /** The GGUF file the demo runs for `config` (its -m, else the bundled model), for the memory estimate; null when none is found. */
  modelPath?(config: ServerConfig): string | null;
}
