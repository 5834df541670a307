// Loading, empty and error states. Each says what happened and what the person can do next.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';

export function Loading({ what }: { what: string }) {
  return (
    <p class="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty" role="status">
      <p class="state-title">{title}</p>
      {children ? <p>{children}</p> : null}
    </div>
  );
}

/** What to do about an error, by its status: the message alone rarely tells a reviewer. */
export function adviceFor(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Reload the page; if it keeps happening, tell your administrator.';
  if (error.status === 0) return 'Check your network connection, then try again.';
  if (error.status === 400) return 'Correct the highlighted input and try again.';
  if (error.status === 401) return 'Your session ended. Sign in again.';
  if (error.status === 403) return 'Your role does not include this. Ask your administrator if you need it.';
  if (error.status === 404) return 'It may have been removed, or it is not one you can see.';
  if (error.status === 409) return 'Someone changed this at the same time. Reload and try again.';
  if (error.status === 429) return 'Too many requests: wait a minute and try again.';
  return 'Try again in a moment; if it keeps happening, tell your administrator.';
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div class="state state-error" role="alert">
      <p class="state-title">{message}</p>
      <p>{adviceFor(error)}</p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
