// Pieces the escalation, compliance and admin pages share: a submit helper that keeps the busy
// flag and the outcome, the outcome's message (errors say what to do), and the queue's labels.
import { useRef, useState } from 'preact/hooks';
import { adviceFor, useLoad, type Loaded } from '../../ui';

export interface Submit {
  busy: boolean;
  error: unknown;
  done: string | null;
  /** `fn` may resolve to a message to show once it succeeds. */
  run(fn: () => Promise<unknown>): Promise<void>;
}

export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  return {
    busy,
    error,
    done,
    async run(fn) {
      setBusy(true);
      setError(null);
      setDone(null);
      try {
        const message = await fn();
        if (typeof message === 'string' && message) setDone(message);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The outcome of a form: announced to screen readers, and an error says what to do next. */
export function Outcome({ submit, testId }: { submit: Submit; testId?: string }) {
  if (submit.error) {
    const message = submit.error instanceof Error ? submit.error.message : 'Something went wrong.';
    return (
      <div class="form-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
        <p>{message}</p>
        <p>{adviceFor(submit.error)}</p>
      </div>
    );
  }
  if (submit.done)
    return (
      <p class="form-ok" role="status" data-testid={testId ? `${testId}-done` : undefined}>
        {submit.done}
      </p>
    );
  return null;
}

export const STATE_LABEL: Record<string, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  routed: 'Routed',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
};
export const TYPE_LABEL: Record<string, string> = {
  medical_emergency: 'Medical emergency',
  mental_health_crisis: 'Mental-health crisis',
  abusive_caller: 'Abusive caller',
};
export const SEVERITY_LABEL: Record<string, string> = {
  critical: 'Critical',
  high: 'High',
  moderate: 'Moderate',
};

export function options(labels: Record<string, string>, any: string) {
  return [{ value: '', label: any }, ...Object.entries(labels).map(([value, label]) => ({ value, label }))];
}

export function StateBadge({ state }: { state: string }) {
  const tone = state === 'open' ? 'bad' : state === 'resolved' || state === 'dismissed' ? 'ok' : 'warn';
  return <span class={`badge ${tone}`}>{STATE_LABEL[state] ?? state}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  const tone = severity === 'critical' ? 'bad' : severity === 'high' ? 'warn' : 'neutral';
  return <span class={`badge ${tone}`}>{SEVERITY_LABEL[severity] ?? severity}</span>;
}

/** A date input's day as the start of that UTC day; `end` gives the start of the next one. */
export function dayToIso(day: string, end = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const t = Date.parse(`${day}T00:00:00.000Z`) + (end ? 86_400_000 : 0);
  return new Date(t).toISOString();
}

export function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

/** Saves text the browser already holds as a file (an export the API returned as JSON). */
export function saveFile(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/**
 * Like useLoad, but a reload keeps showing the last answer until the new one arrives, so a form
 * on the page keeps its state (and its "saved" message) across the refresh it caused.
 */
export function useLoadKeep<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [result, reload] = useLoad(load, deps);
  const last = useRef<{ deps: readonly unknown[]; data: T } | null>(null);
  const same = last.current !== null && last.current.deps.every((d, i) => d === deps[i]);
  if (result.state === 'ready') last.current = { deps, data: result.data };
  if (result.state === 'loading' && same) return [{ state: 'ready', data: last.current!.data }, reload];
  return [result, reload];
}
