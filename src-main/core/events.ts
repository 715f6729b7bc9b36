import type { EventListener, EventName, EventPayload } from '../../src-shared/contract';
import { eventNames } from '../../src-shared/contract/names';

/**
 * The core's push streams. Shells subscribe once and forward to their transport; the core
 * never knows who listens. A throwing listener cannot break the emitter or other listeners.
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  on<K extends EventName>(name: K, listener: EventListener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /**
   * Subscribe to every event (the WebSocket and IPC bindings forward all of them). The list is
   * the contract's own (names.ts, checked against the contract at compile time), so a new event
   * cannot be forgotten here.
   */
  onAny(listener: (name: EventName, payload: unknown) => void): () => void {
    const offs = eventNames.map((name) =>
      this.on(name, (payload) => listener(name, payload)),
    );
    return () => offs.forEach((off) => off());
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch {
        // A subscriber's bug must not stop a run or starve the other subscribers.
      }
    }
  }
}
