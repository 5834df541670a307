// The calls list: every interaction the signed-in person may see (the server applies the access
// policy: an agent gets their own calls only), with filters, sort, saved views and an audited
// CSV export. Filters travel in request bodies and component state, never in the URL.
import type { InputHTMLAttributes } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Link } from '../../router';
import { hasAnyRole, useMe } from '../../session';
import {
  compliance,
  dateTime,
  Empty,
  ErrorState,
  Field,
  FiltersBar,
  Loading,
  score,
  Select,
  Table,
  useLoad,
  type Column,
} from '../../ui';
import { takeDrill } from './drill';
import type { CallFilter, CallSortState, CallSummary } from './types';

const PAGE = 50;

interface Draft {
  from: string;
  to: string;
  agentId: string;
  teamId: string;
  queue: string;
  channel: string;
  platform: string;
  callType: string;
  scoreMin: string;
  scoreMax: string;
  compliant: string;
  criterionMissed: string;
  hasEscalation: string;
  needsReview: string;
  disputed: string;
}

const EMPTY: Draft = {
  from: '',
  to: '',
  agentId: '',
  teamId: '',
  queue: '',
  channel: '',
  platform: '',
  callType: '',
  scoreMin: '',
  scoreMax: '',
  compliant: '',
  criterionMissed: '',
  hasEscalation: '',
  needsReview: '',
  disputed: '',
};

const YES_NO = [
  { value: '', label: 'Any' },
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

function toDraft(f: CallFilter): Draft {
  const yn = (v: boolean | undefined) => (v === undefined ? '' : String(v));
  return {
    from: day(f.from),
    to: f.to ? day(new Date(new Date(f.to).getTime() - 1).toISOString()) : '',
    agentId: f.agentId ?? '',
    teamId: f.teamId ?? '',
    queue: f.queue ?? '',
    channel: f.channel ?? '',
    platform: f.platform ?? '',
    callType: f.callType ?? '',
    scoreMin: f.scoreMin === undefined ? '' : String(f.scoreMin),
    scoreMax: f.scoreMax === undefined ? '' : String(f.scoreMax),
    compliant: yn(f.compliant),
    criterionMissed: f.criterionMissed ?? '',
    hasEscalation: yn(f.hasEscalation),
    needsReview: yn(f.needsReview),
    disputed: yn(f.disputed),
  };
}

export function toFilter(d: Draft): CallFilter {
  const f: CallFilter = {};
  const text = (k: keyof CallFilter & keyof Draft) => {
    const v = d[k].trim();
    if (v) (f as Record<string, unknown>)[k] = v;
  };
  (['agentId', 'teamId', 'queue', 'channel', 'platform', 'callType', 'criterionMissed'] as const).forEach(
    text,
  );
  // Dates are whole days in UTC: "to" includes the day it names.
  if (d.from) f.from = `${d.from}T00:00:00.000Z`;
  if (d.to) f.to = new Date(new Date(`${d.to}T00:00:00.000Z`).getTime() + 86_400_000).toISOString();
  if (d.scoreMin !== '') f.scoreMin = Number(d.scoreMin);
  if (d.scoreMax !== '') f.scoreMax = Number(d.scoreMax);
  for (const k of ['compliant', 'hasEscalation', 'needsReview', 'disputed'] as const)
    if (d[k] !== '') f[k] = d[k] === 'true';
  return f;
}

/**
 * "This week" in the worst-calls shortcut: the last seven days, so on a Monday morning it still
 * shows a week of calls rather than a few hours of them. Whole UTC days, to match the date filters.
 */
export function startOfWeek(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - 6);
  return d.toISOString();
}

interface SavedView {
  id: string;
  name: string;
  filter: CallFilter;
  sort: CallSortState | null;
}

export function CallsPage() {
  const me = useMe();
  const [initial] = useState(() => takeDrill());
  const [draft, setDraft] = useState<Draft>(initial ? toDraft(initial.filter) : EMPTY);
  const [filter, setFilter] = useState<CallFilter>(initial?.filter ?? {});
  const [sort, setSort] = useState<CallSortState>({ by: 'occurredAt', dir: 'desc' });
  const [offset, setOffset] = useState(0);
  const [banner, setBanner] = useState<string | null>(
    initial ? `Showing the calls behind: ${initial.label}` : null,
  );
  const [viewName, setViewName] = useState('');
  const mayExport = hasAnyRole(me, ['supervisor', 'compliance']);

  const [calls, reload] = useLoad(
    () =>
      api.post<{ items: CallSummary[]; next: number | null }>('/v1/calls/search', {
        filter,
        sort,
        limit: PAGE,
        offset,
      }),
    [filter, sort, offset],
  );
  const [views, reloadViews] = useLoad(() => api.get<{ items: SavedView[] }>('/v1/calls/views'), []);

  const set = (k: keyof Draft) => (v: string) => setDraft({ ...draft, [k]: v });
  const input = (
    k: keyof Draft,
    type: 'text' | 'date' | 'number' = 'text',
    extra: Record<string, string> = {},
  ) => {
    // Preact's input typings narrow props by `type`; one helper serves three types.
    const props = {
      id: `calls-${k}`,
      type,
      value: draft[k],
      onInput: (e: Event) => set(k)((e.currentTarget as HTMLInputElement).value),
      ...extra,
    } as unknown as InputHTMLAttributes<HTMLInputElement>;
    return <input {...props} />;
  };
  const apply = (f: CallFilter, s: CallSortState = sort) => {
    setFilter(f);
    setSort(s);
    setOffset(0);
  };

  const columns: Column<CallSummary>[] = [
    {
      key: 'when',
      label: 'When',
      sortKey: 'occurredAt',
      render: (r) => (
        <Link
          to={`/calls/${encodeURIComponent(r.id)}`}
          aria-label={`Review the call of ${dateTime(r.occurredAt)}`}
        >
          {dateTime(r.occurredAt)}
        </Link>
      ),
    },
    { key: 'agent', label: 'Agent', render: (r) => r.agentIds.join(', ') || '—' },
    { key: 'team', label: 'Team', render: (r) => r.teamId ?? '—' },
    { key: 'queue', label: 'Queue', render: (r) => r.queueName ?? '—' },
    { key: 'channel', label: 'Channel', render: (r) => `${r.channel} · ${r.platform}` },
    { key: 'score', label: 'Score', sortKey: 'score', align: 'right', render: (r) => score(r.score) },
    {
      key: 'compliant',
      label: 'Compliance',
      render: (r) => (
        <span class={`badge ${r.compliant === null ? 'neutral' : r.compliant ? 'ok' : 'bad'}`}>
          {compliance(r.compliant)}
        </span>
      ),
    },
    {
      key: 'flags',
      label: 'Flags',
      render: (r) =>
        [r.needsReview ? 'Needs review' : '', r.escalationCount ? `${r.escalationCount} escalation(s)` : '']
          .filter(Boolean)
          .join(' · ') || '—',
    },
  ];

  return (
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">Calls</h1>
      {banner ? (
        <p class="notice" role="status">
          {banner}{' '}
          <button type="button" class="link" onClick={() => (setBanner(null), setDraft(EMPTY), apply({}))}>
            Show all calls
          </button>
        </p>
      ) : null}
      <div class="toolbar">
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const f = { from: startOfWeek() };
            setDraft(toDraft(f));
            setBanner('The lowest-scored calls this week (the last seven days).');
            apply(f, { by: 'score', dir: 'asc' });
          }}
        >
          Worst calls this week
        </button>
        {views.state === 'ready' && views.data.items.length ? (
          <Field label="Saved view" id="calls-view">
            <Select
              id="calls-view"
              value=""
              options={[
                { value: '', label: 'Choose a saved view…' },
                ...views.data.items.map((v) => ({ value: v.id, label: v.name })),
              ]}
              onChange={(id) => {
                const v = views.data.items.find((x) => x.id === id);
                if (!v) return;
                setDraft(toDraft(v.filter));
                setBanner(`Saved view: ${v.name}`);
                apply(v.filter, v.sort ?? sort);
              }}
            />
          </Field>
        ) : null}
      </div>
      <FiltersBar
        label="Call filters"
        onApply={() => (setBanner(null), apply(toFilter(draft)))}
        onClear={() => (setDraft(EMPTY), setBanner(null), apply({}))}
        actions={
          <>
            <span class="spacer" />
            <label class="sr-only" for="calls-view-name">
              Name for this view
            </label>
            <input
              id="calls-view-name"
              style={{ maxWidth: '200px' }}
              placeholder="Name for this view"
              value={viewName}
              onInput={(e) => setViewName((e.currentTarget as HTMLInputElement).value)}
            />
            <button
              type="button"
              class="secondary"
              disabled={!viewName.trim()}
              onClick={() =>
                api.post('/v1/calls/views', { name: viewName.trim(), filter: toFilter(draft), sort }).then(
                  () => (setViewName(''), setBanner('View saved.'), reloadViews()),
                  (e: unknown) => setBanner(`The view was not saved: ${(e as Error).message}`),
                )
              }
            >
              Save view
            </button>
            {mayExport ? (
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  api
                    .post<{ fileName: string; csv: string; rows: number }>('/v1/calls/export', {
                      filter,
                      sort,
                    })
                    .then(
                      (r) => (
                        saveFile(r.fileName, r.csv),
                        setBanner(`Exported ${r.rows} calls (the export is recorded in the audit trail).`)
                      ),
                      (e: unknown) => setBanner(`Export failed: ${(e as Error).message}`),
                    )
                }
              >
                Export CSV
              </button>
            ) : null}
          </>
        }
      >
        <Field label="From (day)" id="calls-from">
          {input('from', 'date')}
        </Field>
        <Field label="To (day)" id="calls-to">
          {input('to', 'date')}
        </Field>
        <Field label="Agent id" id="calls-agentId">
          {input('agentId')}
        </Field>
        <Field label="Team" id="calls-teamId">
          {input('teamId')}
        </Field>
        <Field label="Queue" id="calls-queue">
          {input('queue')}
        </Field>
        <Field label="Channel" id="calls-channel">
          <Select
            id="calls-channel"
            value={draft.channel}
            onChange={set('channel')}
            options={[
              { value: '', label: 'Any' },
              ...['voice', 'chat', 'email', 'sms', 'messaging'].map((v) => ({ value: v, label: v })),
            ]}
          />
        </Field>
        <Field label="Platform" id="calls-platform">
          <Select
            id="calls-platform"
            value={draft.platform}
            onChange={set('platform')}
            options={[
              { value: '', label: 'Any' },
              ...['genesys', 'five9', 'salesforce', 'teachback'].map((v) => ({ value: v, label: v })),
            ]}
          />
        </Field>
        <Field label="Call type" id="calls-callType">
          {input('callType')}
        </Field>
        <Field label="Score from" id="calls-scoreMin">
          {input('scoreMin', 'number', { min: '0', max: '100' })}
        </Field>
        <Field label="Score to" id="calls-scoreMax">
          {input('scoreMax', 'number', { min: '0', max: '100' })}
        </Field>
        <Field label="Compliant" id="calls-compliant">
          <Select id="calls-compliant" value={draft.compliant} onChange={set('compliant')} options={YES_NO} />
        </Field>
        <Field label="Criterion missed (id)" id="calls-criterionMissed">
          {input('criterionMissed')}
        </Field>
        <Field label="Has escalation" id="calls-hasEscalation">
          <Select
            id="calls-hasEscalation"
            value={draft.hasEscalation}
            onChange={set('hasEscalation')}
            options={YES_NO}
          />
        </Field>
        <Field label="Needs review" id="calls-needsReview">
          <Select
            id="calls-needsReview"
            value={draft.needsReview}
            onChange={set('needsReview')}
            options={YES_NO}
          />
        </Field>
        <Field label="Disputed" id="calls-disputed">
          <Select id="calls-disputed" value={draft.disputed} onChange={set('disputed')} options={YES_NO} />
        </Field>
      </FiltersBar>
      {calls.state === 'loading' ? (
        <Loading what="calls" />
      ) : calls.state === 'error' ? (
        <ErrorState error={calls.error} retry={reload} />
      ) : calls.data.items.length === 0 ? (
        <Empty title={Object.keys(filter).length ? 'No calls match these filters.' : 'No calls to show yet.'}>
          {Object.keys(filter).length
            ? 'Widen the date range or clear a filter.'
            : 'Calls appear here once a platform connection syncs them (Admin → Connections).'}
        </Empty>
      ) : (
        <>
          <Table
            caption="Calls"
            columns={columns}
            rows={calls.data.items}
            rowKey={(r) => r.id}
            sort={{ key: sort.by, dir: sort.dir }}
            onSort={(s) => apply(filter, { by: s.key as CallSortState['by'], dir: s.dir })}
            testId="calls-table"
          />
          <div class="toolbar">
            <button
              type="button"
              class="secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous page
            </button>
            <span class="muted">
              Calls {offset + 1}–{offset + calls.data.items.length}
            </span>
            <button
              type="button"
              class="secondary"
              disabled={calls.data.next === null}
              onClick={() => setOffset(calls.data.next ?? offset)}
            >
              Next page
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
