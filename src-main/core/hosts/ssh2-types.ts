import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';

/**
 * The few parts of ssh2's Client and Channel this code uses. ssh2 ships no type declarations
 * and @types/ssh2 is not installed, so node-ssh's `connection` arrives untyped; these
 * structural types keep the rest of the code checked.
 */
export interface Ssh2Channel extends Duplex {
  readonly stderr: EventEmitter;
  close(): void;
}

export interface Ssh2Client extends EventEmitter {
  exec(command: string, callback: (error: Error | undefined, channel: Ssh2Channel) => void): boolean;
  forwardOut(
    sourceAddress: string,
    sourcePort: number,
    destinationAddress: string,
    destinationPort: number,
    callback: (error: Error | undefined, channel: Ssh2Channel) => void,
  ): boolean;
  end(): void;
}

/** An error as ssh2 raises it: `level` says which layer failed. */
export interface Ssh2Error extends Error {
  level?: string;
  code?: string;
}
