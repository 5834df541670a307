// The monthly review: criteria whose miss rate moved, what callers are saying more, objections,
// live prompts agents ignore (when live guidance is on), and rules about to take effect.
import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api';
import { Empty, ErrorState, Loading, useLoad } from '../../ui';
import { percent, type MonthlyReview } from './types';

const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

export function MonthlyReviewPage() {
  const [month, setMonth] = useState(lastMonth());
  const [busy, setBusy] = useState(false);
  const [r, reload] = useLoad(async () => {
    try {
      return await api.get<MonthlyReview>(`/v1/mining/reviews/${month}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }, [month]);
  const build = async () => {
    setBusy(true);
    try {
      await api.post(`/v1/mining/reviews/${month}`);
      reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">Monthly review</h1>
      <label>
        Month{' '}
        <input type="month" value={month} onInput={(ev) => setMonth((ev.target as HTMLInputElement).value)} />
      </label>{' '}
      <button type="button" disabled={busy} onClick={() => void build()}>
        {busy ? 'Building…' : 'Build the review'}
      </button>
      {r.state === 'loading' ? <Loading what="the review" /> : null}
      {r.state === 'error' ? <ErrorState error={r.error} retry={reload} /> : null}
      {r.state === 'ready' && !r.data ? <Empty title="No review for this month yet">Build it.</Empty> : null}
      {r.state === 'ready' && r.data ? (
        <div data-testid="monthly-review">
          <p>
            {r.data.calls.month} calls in {r.data.month}, {r.data.calls.previous} in {r.data.previousMonth}.
          </p>
          <h2>Criteria whose miss rate moved</h2>
          <ul>
            {r.data.criteria
              .filter((c) => c.significant)
              .map((c) => (
                <li key={c.criterionId}>
                  {c.criterionId}: missed {percent(c.previousMissRate)} → {percent(c.missRate)}
                </li>
              ))}
          </ul>
          <h2>What callers say more</h2>
          <ul>
            {r.data.trendingPhrases.map((p) => (
              <li key={p.phrase}>
                “{p.phrase}”: {p.count} calls (was {p.previousCount})
              </li>
            ))}
          </ul>
          <h2>Objections</h2>
          <ul>
            {r.data.objections.map((o) => (
              <li key={o.objection}>
                {o.objection}: {percent(o.previousRate)} → {percent(o.rate)} of calls
                {o.significant ? ' (significant change)' : ''}
              </li>
            ))}
          </ul>
          <h2>Live prompts</h2>
          {r.data.prompts.length ? (
            <ul>
              {r.data.prompts.map((p) => (
                <li key={p.ruleId}>
                  {p.ruleId}: followed {percent(p.followRate)} of {p.shown}
                  {p.ignored ? ' — agents ignore it' : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>No live prompt outcomes recorded.</p>
          )}
          <h2>Rules taking effect soon</h2>
          <ul>
            {r.data.upcomingRules.map((u) => (
              <li key={`${u.playbookId}:${u.ref}`}>
                {u.effectiveFrom}: {u.playbookId} {u.ref} — {u.note}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
