/** A small typed listener set: `add` returns the unsubscribe function; a throwing listener cannot break the others. */
export function createListeners<T>(): { add(listener: (value: T) => void): () => void; emit(value: T): void } {
  const listeners = new Set<(value: T) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(value) {
      for (const listener of listeners) {
        try {
          listener(value);
        } catch {
          // A subscriber's bug must not stop the stream or starve the other subscribers.
        }
      }
    },
  };
}
