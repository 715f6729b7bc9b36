import { AppError } from '../../../src-shared/errors';
import type { HostSpec } from '../../../src-shared/schemas/host';
import { endpointLabel } from '../hosts/ssh-connect';

/** Who holds a host: what runs there, and since when (epoch ms). */
export interface HostLeaseHolder {
  host: string;
  what: string;
  sinceMs: number;
}

/** An exclusive hold on one host for one experiment. Releasing twice is harmless. */
export interface HostLease {
  readonly host: string;
  /** Renames what holds the host, once it has a better name (a bench's label, a run's id). */
  describe(what: string): void;
  release(): void;
}

/**
 * The identity a lease is keyed by: `user@host:port` for SSH (two workspaces that point at the
 * same login share one lease), `this machine` for the local host. The address is lower-cased
 * because host names are not case-sensitive.
 */
export function hostIdentity(spec: HostSpec): string {
  if (spec.kind === 'local') return 'this machine';
  return endpointLabel({ ...spec, address: spec.address.toLowerCase() });
}

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** `14:05:09`, in this machine's time zone: the user reading the message is on this machine. */
function clockTime(epochMs: number): string {
  const at = new Date(epochMs);
  return `${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}:${twoDigits(at.getSeconds())}`;
}

/** The refusal a second experiment gets: `host busy: <what> since <when>`. */
export function hostBusyError(holder: HostLeaseHolder): AppError {
  return new AppError('host_busy', `host busy: ${holder.what} since ${clockTime(holder.sinceMs)}`, {
    hint: `Wait for it to end on ${holder.host}, or stop it: two experiments on one host spoil each other’s numbers.`,
    details: holder,
  });
}

/**
 * Exclusive per-host leases for experiments (benches, runs that record telemetry, and later
 * restarts). In-process only: one core owns a data folder (store/index-lock.ts) and with it
 * every host session it opens, so a map is enough; another process (a CLI `bench run` with its
 * own --host) is not seen. `acquire` never waits: a busy host is refused at once.
 */
export function createHostLeases(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const held = new Map<string, { holder: HostLeaseHolder }>();

  return {
    /** Takes the host for `what`, or throws host_busy naming the experiment that holds it. */
    acquire(host: string, what: string): HostLease {
      const current = held.get(host);
      if (current !== undefined) throw hostBusyError(current.holder);
      const entry = { holder: { host, what, sinceMs: now() } };
      held.set(host, entry);
      return {
        host,
        describe: (name: string) => {
          if (held.get(host) === entry) entry.holder.what = name;
        },
        release: () => {
          if (held.get(host) === entry) held.delete(host);
        },
      };
    },
    /** What holds the host now, if anything. */
    holder: (host: string): HostLeaseHolder | undefined => {
      const current = held.get(host);
      return current === undefined ? undefined : { ...current.holder };
    },
  };
}
export type HostLeases = ReturnType<typeof createHostLeases>;
