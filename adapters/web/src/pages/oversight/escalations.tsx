// The escalation queue (supervisors: their teams; compliance: the tenant) and one escalation's
// page: its action history, the acknowledge / route / resolve actions, and the review form.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import type { PageProps } from '../../registry';
import { Link } from '../../router';
import { useMe } from '../../session';
import {
  dateTime,
  Empty,
  ErrorState,
  Field,
  FiltersBar,
  Loading,
  Select,
  Table,
  fieldId,
  useLoad,
  type Column,
} from '../../ui';
import {
  Outcome,
  SEVERITY_LABEL,
  STATE_LABEL,
  SeverityBadge,
  StateBadge,
  TYPE_LABEL,
  options,
  useLoadKeep,
  useSubmit,
} from './common';

interface QueueItem {
  interactionId: string;
  index: number;
  type: string;
  severity: string;
  state: string;
  routedTo: string | null;
  lastActionAt: string | null;
  lastActionBy: string | null;
  occurredAt: string;
  agentIds: string[];
  queueName: string | null;
  reviewed: boolean;
}
interface QueuePage {
  items: QueueItem[];
  counts: {
    total: number;
    byState: Record<string, number>;
    byType: Record<string, number>;
    bySeverity: Record<string, number>;
    unreviewed: number;
  };
  nextOffset: number | null;
}

const escalationPath = (r: { interactionId: string; index: number }) =>
  `/escalations/${encodeURIComponent(r.interactionId)}/${r.index}`;

const COLUMNS: Column<QueueItem>[] = [
  {
    key: 'when',
    label: 'Call',
    render: (r) => (
      <Link
        to={escalationPath(r)}
        aria-label={`Work the ${TYPE_LABEL[r.type] ?? r.type} escalation of ${dateTime(r.occurredAt)}`}
      >
        {dateTime(r.occurredAt)}
      </Link>
    ),
  },
  { key: 'type', label: 'Type', render: (r) => TYPE_LABEL[r.type] ?? r.type },
  { key: 'severity', label: 'Severity', render: (r) => <SeverityBadge severity={r.severity} /> },
  { key: 'state', label: 'State', render: (r) => <StateBadge state={r.state} /> },
  { key: 'routed', label: 'Routed to', render: (r) => r.routedTo ?? '—' },
  {
    key: 'last',
    label: 'Last action',
    render: (r) =>
      r.lastActionAt ? `${r.lastActionBy ?? 'unknown'}, ${dateTime(r.lastActionAt)}` : 'None yet',
  },
  { key: 'agent', label: 'Agent', render: (r) => r.agentIds.join(', ') || '—' },
  { key: 'queue', label: 'Queue', render: (r) => r.queueName ?? '—' },
  {
    key: 'reviewed',
    label: 'Review',
    render: (r) =>
      r.reviewed ? <span class="badge ok">Reviewed</span> : <span class="badge neutral">To review</span>,
  },
];

function Counts({ counts }: { counts: QueuePage['counts'] }) {
  const line = (labels: Record<string, string>, values: Record<string, number>) =>
    Object.entries(labels)
      .filter(([k]) => values[k])
      .map(([k, label]) => `${label} ${values[k]}`)
      .join(' · ') || 'none';
  return (
    <dl class="counts" data-testid="escalation-counts">
      <div>
        <dt>All</dt>
        <dd>
          {counts.total} ({counts.unreviewed} to review)
        </dd>
      </div>
      <div>
        <dt>By state</dt>
        <dd>{line(STATE_LABEL, counts.byState)}</dd>
      </div>
      <div>
        <dt>By type</dt>
        <dd>{line(TYPE_LABEL, counts.byType)}</dd>
      </div>
      <div>
        <dt>By severity</dt>
        <dd>{line(SEVERITY_LABEL, counts.bySeverity)}</dd>
      </div>
    </dl>
  );
}

const EMPTY_FILTER = { state: '', type: '', severity: '', reviewed: '' };

export function EscalationsPage() {
  const [draft, setDraft] = useState(EMPTY_FILTER);
  const [filter, setFilter] = useState(EMPTY_FILTER);
  const [offset, setOffset] = useState(0);
  const [page, reload] = useLoad(
    () => api.get<QueuePage>('/v1/oversight/escalations', { ...filter, offset, limit: 50 }),
    [filter, offset],
  );
  const ids = {
    state: fieldId('state'),
    type: fieldId('type'),
    severity: fieldId('severity'),
    reviewed: fieldId('reviewed'),
  };
  return (
    <section aria-labelledby="esc-title">
      <h1 id="esc-title">Escalations</h1>
      <FiltersBar
        label="Escalation filters"
        onApply={() => {
          setOffset(0);
          setFilter(draft);
        }}
        onClear={() => {
          setDraft(EMPTY_FILTER);
          setOffset(0);
          setFilter(EMPTY_FILTER);
        }}
      >
        <Field label="State" id={ids.state}>
          <Select
            id={ids.state}
            value={draft.state}
            options={options(STATE_LABEL, 'Any state')}
            onChange={(v) => setDraft({ ...draft, state: v })}
            testId="filter-state"
          />
        </Field>
        <Field label="Type" id={ids.type}>
          <Select
            id={ids.type}
            value={draft.type}
            options={options(TYPE_LABEL, 'Any type')}
            onChange={(v) => setDraft({ ...draft, type: v })}
          />
        </Field>
        <Field label="Severity" id={ids.severity}>
          <Select
            id={ids.severity}
            value={draft.severity}
            options={options(SEVERITY_LABEL, 'Any severity')}
            onChange={(v) => setDraft({ ...draft, severity: v })}
          />
        </Field>
        <Field label="Review" id={ids.reviewed}>
          <Select
            id={ids.reviewed}
            value={draft.reviewed}
            options={[
              { value: '', label: 'Reviewed or not' },
              { value: 'false', label: 'Waiting for review' },
              { value: 'true', label: 'Reviewed' },
            ]}
            onChange={(v) => setDraft({ ...draft, reviewed: v })}
          />
        </Field>
      </FiltersBar>
      {page.state === 'loading' ? (
        <Loading what="escalations" />
      ) : page.state === 'error' ? (
        <ErrorState error={page.error} retry={reload} />
      ) : (
        <>
          <Counts counts={page.data.counts} />
          {page.data.items.length === 0 ? (
            <Empty title="No escalations match these filters.">
              Clear the filters to see every escalation of your teams. New ones appear here as calls are
              scored.
            </Empty>
          ) : (
            <Table
              caption="Escalation queue"
              columns={COLUMNS}
              rows={page.data.items}
              rowKey={(r) => `${r.interactionId}/${r.index}`}
              testId="escalation-table"
            />
          )}
          <div class="toolbar">
            {offset > 0 ? (
              <button type="button" class="secondary" onClick={() => setOffset(Math.max(0, offset - 50))}>
                Previous page
              </button>
            ) : null}
            {page.data.nextOffset !== null ? (
              <button type="button" class="secondary" onClick={() => setOffset(page.data.nextOffset!)}>
                Next page
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}

interface Detail {
  summary: { occurredAt: string; agentIds: string[]; queueName: string | null };
  escalations: Array<{
    index: number;
    type: string;
    severity: string;
    quote: string;
    reason?: string;
    startMs: number | null;
    routedTo?: string;
    actions: Array<{ at: string; action: string; by?: string; note?: string; routedTo?: string }>;
  }>;
}
interface Review {
  whatHappened: string;
  protocolFollowed: 'yes' | 'partly' | 'no';
  lessons: string;
  reviewedBy: string;
  reviewedAt: string;
}

export function EscalationPage({ params }: PageProps) {
  const id = params.id!;
  const index = Number(params.index);
  const me = useMe();
  const [detail, reloadDetail] = useLoadKeep(
    () => api.get<Detail>(`/v1/interactions/${encodeURIComponent(id)}`),
    [id],
  );
  const [review, reloadReview] = useLoadKeep(
    () =>
      api.get<{ review: Review | null }>(
        `/v1/oversight/escalations/${encodeURIComponent(id)}/${index}/review`,
      ),
    [id, index],
  );
  if (detail.state === 'loading') return <Loading what="the escalation" />;
  if (detail.state === 'error') return <ErrorState error={detail.error} retry={reloadDetail} />;
  const e = detail.data.escalations.find((x) => x.index === index);
  if (!e)
    return (
      <Empty title="This escalation is not on the call any more.">
        The call may have been scored again. <Link to="/escalations">Back to the queue</Link>.
      </Empty>
    );
  const state = [...e.actions].reverse().find((a) => a.action !== 'detected')?.action ?? 'open';
  const canAct = me.roles.includes('supervisor');
  return (
    <section aria-labelledby="one-esc-title">
      <p>
        <Link to="/escalations">← Escalation queue</Link>
      </p>
      <h1 id="one-esc-title">
        {TYPE_LABEL[e.type] ?? e.type} <SeverityBadge severity={e.severity} /> <StateBadge state={state} />
      </h1>
      <p>
        Call of {dateTime(detail.data.summary.occurredAt)}, agent{' '}
        {detail.data.summary.agentIds.join(', ') || '—'}
        {detail.data.summary.queueName ? `, queue ${detail.data.summary.queueName}` : ''}.{' '}
        <Link to={`/calls/${encodeURIComponent(id)}`}>Open the call</Link>
      </p>
      {e.quote ? <blockquote class="quote">“{e.quote}”</blockquote> : null}
      {e.reason ? <p class="hint">Why this severity: {e.reason}</p> : null}
      <h2>What was done</h2>
      {e.actions.length === 0 ? (
        <Empty title="Nobody has acted on this escalation yet.">
          Acknowledge it below to show it is being handled.
        </Empty>
      ) : (
        <Table
          caption="Actions on this escalation"
          testId="action-history"
          columns={[
            { key: 'at', label: 'When', render: (a) => dateTime(a.at) },
            { key: 'action', label: 'Action', render: (a) => STATE_LABEL[a.action] ?? a.action },
            { key: 'by', label: 'By', render: (a) => a.by ?? '—' },
            { key: 'routed', label: 'Routed to', render: (a) => a.routedTo ?? '' },
            { key: 'note', label: 'Note', render: (a) => a.note ?? '' },
          ]}
          rows={e.actions}
          rowKey={(a) => `${a.at}-${a.action}`}
        />
      )}
      {canAct ? <ActionForm id={id} index={index} onDone={reloadDetail} /> : null}
      <h2>After-the-fact review</h2>
      {review.state === 'loading' ? (
        <Loading what="the review" />
      ) : review.state === 'error' ? (
        <ErrorState error={review.error} retry={reloadReview} />
      ) : canAct ? (
        <ReviewForm id={id} index={index} review={review.data.review} onDone={reloadReview} />
      ) : review.data.review ? (
        <ReviewView review={review.data.review} />
      ) : (
        <Empty title="Not reviewed yet.">
          The team’s supervisor writes the review once the escalation is resolved.
        </Empty>
      )}
    </section>
  );
}

function ActionForm({ id, index, onDone }: { id: string; index: number; onDone(): void }) {
  const [note, setNote] = useState('');
  const [routedTo, setRoutedTo] = useState('');
  const submit = useSubmit();
  const noteId = fieldId('note');
  const routeId = fieldId('routed');
  const act = (action: string) =>
    submit.run(async () => {
      if (action === 'routed' && !routedTo.trim())
        throw new Error('Say where it was routed (for example 911, the nurse line, 988).');
      await api.post(`/v1/interactions/${encodeURIComponent(id)}/escalations/${index}/actions`, {
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(action === 'routed' ? { routedTo: routedTo.trim() } : {}),
      });
      setNote('');
      onDone();
      return `${STATE_LABEL[action]}: recorded.`;
    });
  return (
    <form class="ov-panel" aria-label="Act on this escalation" onSubmit={(ev) => ev.preventDefault()}>
      <h2>Act on it</h2>
      <Field
        label="Routed to (for Route)"
        id={routeId}
        hint="A service, not a person’s details: 911, nurse line, 988, on-call supervisor."
      >
        <input
          id={routeId}
          value={routedTo}
          maxLength={200}
          onInput={(ev) => setRoutedTo(ev.currentTarget.value)}
        />
      </Field>
      <Field label="Note (optional)" id={noteId}>
        <textarea
          id={noteId}
          rows={2}
          maxLength={2000}
          value={note}
          onInput={(ev) => setNote(ev.currentTarget.value)}
        />
      </Field>
      <div class="toolbar">
        <button type="button" disabled={submit.busy} onClick={() => act('acknowledged')}>
          Acknowledge
        </button>
        <button type="button" disabled={submit.busy} onClick={() => act('routed')}>
          Route
        </button>
        <button type="button" disabled={submit.busy} onClick={() => act('resolved')}>
          Resolve
        </button>
        <button type="button" class="secondary" disabled={submit.busy} onClick={() => act('dismissed')}>
          Dismiss as false alarm
        </button>
      </div>
      <Outcome submit={submit} testId="action" />
    </form>
  );
}

const PROTOCOL = { yes: 'Yes', partly: 'Partly', no: 'No' } as const;

function ReviewView({ review }: { review: Review }) {
  return (
    <dl class="review-view" data-testid="review-view">
      <dt>What happened</dt>
      <dd>{review.whatHappened}</dd>
      <dt>Protocol followed</dt>
      <dd>{PROTOCOL[review.protocolFollowed]}</dd>
      <dt>Lessons</dt>
      <dd>{review.lessons || '—'}</dd>
      <dt>Reviewed</dt>
      <dd>
        by {review.reviewedBy}, {dateTime(review.reviewedAt)}
      </dd>
    </dl>
  );
}

function ReviewForm(props: { id: string; index: number; review: Review | null; onDone(): void }) {
  const [what, setWhat] = useState(props.review?.whatHappened ?? '');
  const [protocol, setProtocol] = useState<string>(props.review?.protocolFollowed ?? '');
  const [lessons, setLessons] = useState(props.review?.lessons ?? '');
  const submit = useSubmit();
  const whatId = fieldId('what');
  const lessonsId = fieldId('lessons');
  return (
    <form
      class="ov-panel"
      aria-label="Review of this escalation"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit.run(async () => {
          if (!protocol) throw new Error('Say whether the protocol was followed.');
          await api.put(`/v1/oversight/escalations/${encodeURIComponent(props.id)}/${props.index}/review`, {
            whatHappened: what,
            protocolFollowed: protocol,
            lessons,
          });
          props.onDone();
          return 'Review saved.';
        });
      }}
    >
      {props.review ? (
        <p class="hint">
          Last saved by {props.review.reviewedBy}, {dateTime(props.review.reviewedAt)}.
        </p>
      ) : null}
      <Field label="What happened" id={whatId}>
        <textarea
          id={whatId}
          rows={3}
          required
          maxLength={5000}
          value={what}
          onInput={(ev) => setWhat(ev.currentTarget.value)}
        />
      </Field>
      <fieldset>
        <legend>Was the protocol followed?</legend>
        {Object.entries(PROTOCOL).map(([v, label]) => (
          <label key={v} class="inline">
            <input
              type="radio"
              name="protocol"
              value={v}
              checked={protocol === v}
              onChange={() => setProtocol(v)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <Field label="Lessons" id={lessonsId}>
        <textarea
          id={lessonsId}
          rows={3}
          maxLength={5000}
          value={lessons}
          onInput={(ev) => setLessons(ev.currentTarget.value)}
        />
      </Field>
      <button type="submit" disabled={submit.busy}>
        Save review
      </button>
      <Outcome submit={submit} testId="review" />
    </form>
  );
}
