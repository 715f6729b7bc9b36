/// <reference lib="es2024.sharedmemory" />

/** Cells of the shared Int32Array. */
const ticketsCell = 0;
const releasedCell = 1;
/** Bytes of the SharedArrayBuffer the pool creates for a run and hands to every worker. */
export const inFlightSlotsBytes = 2 * Int32Array.BYTES_PER_ELEMENT;

/**
 * An open loop's one in-flight cap for the whole run, shared by its worker threads through a
 * SharedArrayBuffer. Split per worker, the cap let one worker drop (or hold back) an arrival
 * while another had room.
 *
 * It is a ticket lock with room for `cap`: arrivals take numbered tickets as they come due, in
 * any worker, and ticket t may go once t < released + cap, where `released` counts requests
 * that have ended run-wide. So at most `cap` requests are out at once, and a slot that frees in
 * one worker goes to the oldest waiting arrival, whichever worker holds it (a worker refilling
 * from its own queue first would starve the others). Tickets stay below 2^31: a run is bounded
 * to ten million requests.
 */
export class InFlightSlots {
  private readonly cells: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly cap: number,
  ) {
    this.cells = new Int32Array(buffer, 0, 2);
  }

  /** Slots held run-wide: requests out, plus arrivals whose ticket may go and that are about to be sent. */
  get held(): number {
    return Math.min(Atomics.load(this.cells, ticketsCell) - Atomics.load(this.cells, releasedCell), this.cap);
  }

  /** whenFull 'wait': the next ticket; it may go when `mayGo` says so. */
  takeTicket(): number {
    return Atomics.add(this.cells, ticketsCell, 1);
  }

  /** whenFull 'drop': takes a slot if one is free now (true), or takes nothing (false: the run is at its cap). */
  tryTake(): boolean {
    for (;;) {
      const ticket = Atomics.load(this.cells, ticketsCell);
      if (!this.mayGo(ticket)) return false;
      if (Atomics.compareExchange(this.cells, ticketsCell, ticket, ticket + 1) === ticket) return true;
    }
  }

  mayGo(ticket: number): boolean {
    return ticket < Atomics.load(this.cells, releasedCell) + this.cap;
  }

  /** A request has ended: its slot goes to the next ticket, and every worker waiting for one is woken. */
  release(): void {
    Atomics.add(this.cells, releasedCell, 1);
    Atomics.notify(this.cells, releasedCell);
  }

  /**
   * Resolves at once if `ticket` may go, else when any worker next releases a slot (or after
   * `timeoutMs`): the caller checks again. No polling in between. waitAsync compares the
   * released count it was given, so a release between the check and the wait is not missed.
   */
  async whenReleased(ticket: number, timeoutMs: number): Promise<void> {
    const released = Atomics.load(this.cells, releasedCell);
    if (ticket < released + this.cap) return;
    const wait = Atomics.waitAsync(this.cells, releasedCell, released, timeoutMs);
    if (wait.async) await wait.value;
  }
}
