// An agent's milestones: the criteria they meet consistently and the next skill to work on.
// Agents see their own; supervisors can look up an agent of their teams.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { hasAnyRole, useMe } from '../../session';
import { Empty, ErrorState, Loading, useLoad } from '../../ui';
import { percent, type Milestones } from './types';

export function MilestonesPage() {
  const me = useMe();
  const [agent, setAgent] = useState(me.agentIds[0] ?? '');
  const [draft, setDraft] = useState(agent);
  const [m, reload] = useLoad(
    () =>
      agent ? api.get<Milestones>(`/v1/milestones/${encodeURIComponent(agent)}`) : Promise.resolve(null),
    [agent],
  );
  return (
    <section aria-labelledby="milestones-title">
      <h1 id="milestones-title">Milestones</h1>
      {hasAnyRole(me, ['supervisor', 'compliance']) ? (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            setAgent(draft.trim());
          }}
        >
          <label>
            Agent id <input value={draft} onInput={(ev) => setDraft((ev.target as HTMLInputElement).value)} />
          </label>{' '}
          <button type="submit">Show</button>
        </form>
      ) : null}
      {m.state === 'loading' ? <Loading what="milestones" /> : null}
      {m.state === 'error' ? <ErrorState error={m.error} retry={reload} /> : null}
      {m.state === 'ready' && !m.data ? <Empty title="Choose an agent">Enter the agent's id.</Empty> : null}
      {m.state === 'ready' && m.data ? (
        <div>
          <p>Based on the last {m.data.calls} scored calls.</p>
          <h2>Next skill</h2>
          {m.data.next ? (
            <p data-testid="next-skill">
              <strong>{m.data.next.title}</strong>: met on {m.data.next.met} of {m.data.next.applicable} calls
              ({percent(m.data.next.rate)}).
            </p>
          ) : (
            <p data-testid="next-skill">Every criterion is met consistently.</p>
          )}
          <h2>Met consistently</h2>
          {m.data.consistent.length ? (
            <ul>
              {m.data.consistent.map((c) => (
                <li key={c.criterionId}>
                  {c.title} ({c.met}/{c.applicable})
                </li>
              ))}
            </ul>
          ) : (
            <p>None yet.</p>
          )}
          <h2>Working on</h2>
          <ul>
            {m.data.working.map((c) => (
              <li key={c.criterionId}>
                {c.title}: {percent(c.rate)} ({c.met}/{c.applicable})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
