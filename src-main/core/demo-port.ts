/**
 * What the core needs from the built-in demo server. The server itself lives in src-main/demo
 * (outside the core); shells pass `startDemoServer` in, so the core never imports it.
 */
export interface DemoServerHandle {
  url: string;
  close(): Promise<void>;
}

export interface DemoServerPort {
  start(options: { parallel: number; ctxSize: number; threads?: number }): Promise<DemoServerHandle>;
}
