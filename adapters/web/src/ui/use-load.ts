// Loads data for a page and re-loads when its inputs change; a stale answer never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> =
  { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; data: T };

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setResult({ state: 'loading' });
    load().then(
      (data) => mine === seq.current && setResult({ state: 'ready', data }),
      (error: unknown) => mine === seq.current && setResult({ state: 'error', error }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [result, reload];
}
