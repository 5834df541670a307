// Coaching tasks: open / done / overdue. Agents see their own tasks and their score trend;
// supervisors see their teams' (the server scopes both).
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Link } from '../../router';
import { hasAnyRole, useMe } from '../../session';
import { ChartView, Empty, ErrorState, Loading, Select, Table, useLoad, type Column } from '../../ui';
import type { CoachingTask } from './types';

export type TaskState = 'open' | 'overdue' | 'done' | 'dismissed';

/** Overdue: still open (or scheduled) after its due day. */
export function taskState(t: CoachingTask, today = new Date().toISOString().slice(0, 10)): TaskState {
  if (t.status === 'done') return 'done';
  if (t.status === 'dismissed') return 'dismissed';
  return t.due && t.due.slice(0, 10) < today ? 'overdue' : 'open';
}

const STATE_TEXT: Record<TaskState, string> = {
  open: 'Open',
  overdue: 'Overdue',
  done: 'Done',
  dismissed: 'Dismissed',
};

export function CoachingPage() {
  const me = useMe();
  const [show, setShow] = useState<'all' | TaskState>('all');
  const [tasks, reload] = useLoad(() => api.get<{ items: CoachingTask[] }>('/v1/coaching-tasks'), []);
  const [message, setMessage] = useState<string | null>(null);
  const isAgent = hasAnyRole(me, ['agent']);
  const mine = (t: CoachingTask) => t.assignee === me.userId || me.agentIds.includes(t.assignee);
  const columns: Column<CoachingTask>[] = [
    {
      key: 'state',
      label: 'State',
      render: (t) => (
        <span
          class={`badge ${taskState(t) === 'overdue' ? 'bad' : taskState(t) === 'done' ? 'ok' : 'neutral'}`}
        >
          {STATE_TEXT[taskState(t)]}
        </span>
      ),
    },
    { key: 'assignee', label: 'Assignee', render: (t) => t.assignee },
    {
      key: 'focus',
      label: 'Focus',
      render: (t) => t.source.criterionId ?? t.source.escalationType ?? 'Whole call',
    },
    { key: 'due', label: 'Due', render: (t) => t.due?.slice(0, 10) ?? '—' },
    { key: 'note', label: 'Note', render: (t) => t.notes[0]?.text ?? '—' },
    {
      key: 'call',
      label: 'Call',
      render: (t) => <Link to={`/calls/${encodeURIComponent(t.interactionId)}`}>Open the call</Link>,
    },
    {
      key: 'act',
      label: 'Action',
      render: (t) =>
        mine(t) && (t.status === 'open' || t.status === 'scheduled') ? (
          <button
            type="button"
            class="secondary"
            onClick={() =>
              api.post('/v1/coaching-tasks', { ...t, status: 'done' }).then(
                () => (setMessage('Marked done.'), reload()),
                (e: unknown) => setMessage(`Not saved: ${(e as Error).message}`),
              )
            }
          >
            Mark done
          </button>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <section aria-labelledby="coaching-title">
      <h1 id="coaching-title">{isAgent ? 'My coaching' : 'Team coaching'}</h1>
      {message ? (
        <p class="notice" role="status">
          {message}
        </p>
      ) : null}
      {isAgent ? <MyTrend /> : null}
      <div class="toolbar">
        <label for="coaching-show">Show</label>
        <Select
          id="coaching-show"
          value={show}
          onChange={(v) => setShow(v as typeof show)}
          options={[
            { value: 'all', label: 'All' },
            { value: 'open', label: 'Open' },
            { value: 'overdue', label: 'Overdue' },
            { value: 'done', label: 'Done' },
          ]}
        />
      </div>
      {tasks.state === 'loading' ? (
        <Loading what="coaching tasks" />
      ) : tasks.state === 'error' ? (
        <ErrorState error={tasks.error} retry={reload} />
      ) : (
        (() => {
          const rows = tasks.data.items.filter((t) => show === 'all' || taskState(t) === show);
          const counts = (s: TaskState) => tasks.data.items.filter((t) => taskState(t) === s).length;
          return (
            <>
              <p data-testid="coaching-counts">
                Open {counts('open')} · Overdue {counts('overdue')} · Done {counts('done')}
              </p>
              {rows.length === 0 ? (
                <Empty title="No coaching tasks here.">
                  {isAgent
                    ? 'Your supervisor assigns coaching from a call review.'
                    : 'Assign coaching from a call: open it from Calls.'}
                </Empty>
              ) : (
                <Table
                  caption="Coaching tasks"
                  columns={columns}
                  rows={rows}
                  rowKey={(t) => t.id}
                  testId="coaching-table"
                />
              )}
            </>
          );
        })()
      )}
    </section>
  );
}

/** The agent's own score and compliance over the last eight weeks. */
function MyTrend() {
  const to = new Date(Date.now() + 86_400_000).toISOString();
  const from = new Date(Date.now() - 56 * 86_400_000).toISOString();
  const [data] = useLoad(
    () =>
      api.get<{
        trend: Array<{ bucket: string; averageScore: number | null; complianceRate: number | null }>;
      }>('/v1/dashboard', { from, to, bucket: 'week' }),
    [],
  );
  if (data.state !== 'ready' || data.data.trend.length === 0) return null;
  const t = data.data.trend;
  return (
    <ChartView
      title="My trend: average score and compliance rate per week"
      kind="line"
      labels={t.map((p) => p.bucket)}
      series={[
        { label: 'Average score', values: t.map((p) => p.averageScore) },
        {
          label: 'Compliance rate %',
          values: t.map((p) => (p.complianceRate === null ? null : Math.round(p.complianceRate * 100))),
        },
      ]}
      max={100}
      testId="my-trend"
    />
  );
}
