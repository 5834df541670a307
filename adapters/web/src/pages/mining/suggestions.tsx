// Mined suggestions, one by one with their evidence: effect with its interval, how many calls,
// de-identified examples. A supervisor accepts or rejects each; an admin publishes the accepted
// criterion changes as one new playbook version.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { hasAnyRole, useMe } from '../../session';
import { Empty, ErrorState, Loading, Select, useLoad } from '../../ui';
import { percent, ratio, type Suggestion } from './types';

const STATUSES = [
  { value: 'pending', label: 'Waiting for review' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'published', label: 'Published' },
  { value: 'rejected', label: 'Rejected' },
];

function Evidence({ s }: { s: Suggestion }) {
  const f = s.finding;
  if (s.retire)
    return (
      <p>
        Odds ratio {ratio(s.retire.oddsRatio)} (95 % CI {ratio(s.retire.ci[0])}–{ratio(s.retire.ci[1])}) over{' '}
        {s.retire.calls} calls: the criterion no longer separates good calls from the others.
      </p>
    );
  if (!f) return null;
  return (
    <div>
      <p>
        {f.label}: odds ratio <strong>{ratio(f.effect.oddsRatio)}</strong> (95 % CI {ratio(f.effect.ci[0])}–
        {ratio(f.effect.ci[1])}), {f.calls} of {f.universe} calls; success {percent(f.successWith)} with it,{' '}
        {percent(f.successWithout)} without.
      </p>
      {f.examples.length ? (
        <ul class="examples" aria-label="Example calls (de-identified)">
          {f.examples.map((e) => (
            <li key={`${e.interactionId}:${e.utterance}`}>
              <q>{e.quote}</q>
            </li>
          ))}
        </ul>
      ) : null}
      {s.prompt ? (
        <p>
          Proposed live prompt when the caller says “{s.prompt.when.phrases[0]}”: <q>{s.prompt.say}</q>
        </p>
      ) : null}
    </div>
  );
}

export function SuggestionsPage() {
  const me = useMe();
  const [status, setStatus] = useState('pending');
  const [list, reload] = useLoad(
    () => api.get<{ items: Suggestion[] }>('/v1/mining/suggestions', { status }),
    [status],
  );
  const [message, setMessage] = useState<string | null>(null);
  const isAdmin = hasAnyRole(me, ['admin']);
  const decide = async (s: Suggestion, verb: 'accept' | 'reject') => {
    setMessage(null);
    try {
      const r = await api.post<{ published?: { version: number } | null; waitingFor?: string | null }>(
        `/v1/mining/suggestions/${encodeURIComponent(s.id)}/${verb}`,
        {},
      );
      setMessage(
        verb === 'reject'
          ? `Rejected: ${s.title}`
          : r.published
            ? `Accepted and published as version ${r.published.version}.`
            : `Accepted; waiting for ${r.waitingFor ?? 'publishing'}.`,
      );
      reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : 'That did not work.');
    }
  };
  const publish = async (playbookId: string) => {
    setMessage(null);
    try {
      const r = await api.post<{ version: number; note: string }>('/v1/mining/publish', { playbookId });
      setMessage(`Published ${playbookId} version ${r.version}: ${r.note}`);
      reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : 'That did not work.');
    }
  };
  return (
    <section aria-labelledby="suggestions-title">
      <h1 id="suggestions-title">Playbook suggestions</h1>
      <p>
        What your successful calls do differently, mined from your own calls. Each needs a person’s decision.
      </p>
      <label for="suggestion-status">Show </label>
      <Select id="suggestion-status" value={status} options={STATUSES} onChange={setStatus} />
      {message ? (
        <p role="status" class="notice">
          {message}
        </p>
      ) : null}
      {list.state === 'loading' ? <Loading what="suggestions" /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} retry={reload} /> : null}
      {list.state === 'ready' && list.data.items.length === 0 ? (
        <Empty title="Nothing here">
          Run `teachback mine` or POST /v1/mining/runs to mine a period of calls.
        </Empty>
      ) : null}
      {list.state === 'ready' && status === 'accepted' && isAdmin && list.data.items.length > 0 ? (
        <button type="button" onClick={() => void publish(list.data.items[0]!.playbookId)}>
          Publish accepted changes to {list.data.items[0]!.playbookId}
        </button>
      ) : null}
      {list.state === 'ready'
        ? list.data.items.map((s) => (
            <article class="card" key={s.id} data-testid="suggestion">
              <h2>{s.title}</h2>
              <p class="muted">
                {s.playbookId} · {s.callType ?? 'all call types'} · {s.note}
              </p>
              <Evidence s={s} />
              {s.status === 'pending' ? (
                <div class="actions">
                  <button type="button" onClick={() => void decide(s, 'accept')}>
                    Accept
                  </button>
                  <button type="button" onClick={() => void decide(s, 'reject')}>
                    Reject
                  </button>
                </div>
              ) : (
                <p class="muted">
                  {s.status}
                  {s.publishedVersion ? ` in version ${s.publishedVersion}` : ''}
                  {s.decidedBy ? ` by ${s.decidedBy}` : ''}
                </p>
              )}
            </article>
          ))
        : null}
    </section>
  );
}
