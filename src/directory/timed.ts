// A directory whose every call is timed and told to `observe` (the metrics), with its
// outcome. The directory layer knows nothing of the metrics: the caller passes in
// what records them.
import type { Directory } from './directory.js';

export type ObserveOperation = (operation: string, seconds: number, ok: boolean) => void;

export function timedDirectory(directory: Directory, observe: ObserveOperation): Directory {
  return new Proxy(directory, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close' || typeof property !== 'string') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          const result = await value.apply(target, args);
          observe(property, (performance.now() - started) / 1000, true);
          return result;
        } catch (error) {
          observe(property, (performance.now() - started) / 1000, false);
          throw error;
        }
      };
    },
  });
}
