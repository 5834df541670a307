// The new-hire library: exemplary calls per call type, de-identified, with the moments that make
// them exemplary marked. Supervisors approve candidates; agents see approved calls only.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { hasAnyRole, useMe } from '../../session';
import { Empty, ErrorState, Loading, useLoad } from '../../ui';
import type { LibraryEntry } from './types';

function Exemplar({ e }: { e: LibraryEntry }) {
  const marked = new Map(
    e.exemplar.moments.filter((m) => m.utterance >= 0).map((m) => [m.utterance, m.label]),
  );
  const met = e.exemplar.moments.filter((m) => m.utterance < 0);
  return (
    <details>
      <summary>
        Transcript ({e.exemplar.transcript.length} turns, {marked.size} marked moments)
      </summary>
      <ol class="transcript">
        {e.exemplar.transcript.map((u, i) => (
          <li key={i} class={marked.has(i) ? 'moment' : undefined}>
            <strong>
              {u.speaker === 'agent' ? 'Agent' : u.speaker === 'customer' ? 'Caller' : 'System'}:
            </strong>{' '}
            {u.text}
            {marked.has(i) ? <span class="badge ok"> {marked.get(i)}</span> : null}
          </li>
        ))}
      </ol>
      {met.length ? (
        <p class="muted">Criteria met: {met.map((m) => m.label.replace(/^met: /, '')).join(', ')}</p>
      ) : null}
    </details>
  );
}

export function LibraryPage() {
  const me = useMe();
  const reviewer = hasAnyRole(me, ['supervisor']);
  const [list, reload] = useLoad(() => api.get<{ items: LibraryEntry[] }>('/v1/library'), []);
  const [message, setMessage] = useState<string | null>(null);
  const review = async (e: LibraryEntry, status: 'approved' | 'rejected') => {
    try {
      await api.post(`/v1/library/${encodeURIComponent(e.id)}/review`, { status });
      setMessage(`${status === 'approved' ? 'Approved' : 'Rejected'} the call for the library.`);
      reload();
    } catch (err) {
      setMessage(err instanceof Error ? err.message : 'That did not work.');
    }
  };
  return (
    <section aria-labelledby="library-title">
      <h1 id="library-title">Call library</h1>
      <p>
        Calls from top performers, with the identifying details removed and the moments worth copying marked.
      </p>
      {message ? (
        <p role="status" class="notice">
          {message}
        </p>
      ) : null}
      {list.state === 'loading' ? <Loading what="the library" /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} retry={reload} /> : null}
      {list.state === 'ready' && list.data.items.length === 0 ? (
        <Empty title="No calls in the library yet">
          {reviewer
            ? 'Propose candidates with `teachback library propose`.'
            : 'Your supervisor has not approved any yet.'}
        </Empty>
      ) : null}
      {list.state === 'ready'
        ? list.data.items.map((e) => (
            <article class="card" key={e.id} data-testid="library-entry">
              <h2>
                {e.callType ?? 'Call'} · score {e.exemplar.score ?? '—'}
              </h2>
              <p class="muted">{e.status}</p>
              <Exemplar e={e} />
              {reviewer && e.status === 'proposed' ? (
                <div class="actions">
                  <button type="button" onClick={() => void review(e, 'approved')}>
                    Approve
                  </button>
                  <button type="button" onClick={() => void review(e, 'rejected')}>
                    Reject
                  </button>
                </div>
              ) : null}
            </article>
          ))
        : null}
    </section>
  );
}
