/**
 * A one-way channel whose messages wait until someone listens: main may send a file to open
 * (from the command line, say) before the React app has mounted and subscribed.
 */
export function replayChannel<T>() {
  const listeners = new Set<(value: T) => void>();
  const waiting: T[] = [];
  return {
    push(value: T): void {
      if (listeners.size === 0) waiting.push(value);
      for (const listener of listeners) listener(value);
    },
    subscribe(listener: (value: T) => void): () => void {
      listeners.add(listener);
      for (const value of waiting.splice(0)) listener(value);
      return () => void listeners.delete(listener);
    },
  };
}
