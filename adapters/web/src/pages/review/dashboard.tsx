// Dashboards: compliance rate and score over time, per criterion, per agent / team / queue, with
// drill-down into the calls behind each point; playbook adherence; escalations per week; the worst
// criteria this month; the needs-review backlog; and contact-center metrics when that feature is
// installed (GET /v1/metrics).
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { navigate } from '../../router';
import { ChartView, Empty, ErrorState, Field, FiltersBar, Loading, percent, Select, useLoad } from '../../ui';
import { drillTo } from './drill';
import type { CallFilter } from './types';

interface Group {
  key: string;
  calls: number;
  complianceRate: number | null;
  averageScore: number | null;
}
interface Dashboard {
  trend: Array<{
    bucket: string;
    calls: number;
    complianceRate: number | null;
    averageScore: number | null;
    escalations: number;
  }>;
  byAgent: Group[];
  byTeam: Group[];
  byQueue: Group[];
  criteria: Array<{
    criterionId: string;
    category: string;
    applicable: number;
    missed: number;
    missRate: number;
  }>;
  playbookAdherence: number | null;
  needsReviewBacklog: number;
  openDisputes: number;
  machineHumanAgreement: number | null;
}

const DAY = 86_400_000;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export function DashboardPage() {
  const [days, setDays] = useState('30');
  const [bucket, setBucket] = useState<'day' | 'week'>('day');
  const [applied, setApplied] = useState({ days: 30, bucket: 'day' as 'day' | 'week' });
  const to = new Date(Math.ceil(Date.now() / DAY) * DAY).toISOString();
  const from = new Date(Date.parse(to) - applied.days * DAY).toISOString();
  const [data, reload] = useLoad(
    () => api.get<Dashboard>('/v1/dashboard', { from, to, bucket: applied.bucket }),
    [applied],
  );
  const monthFrom = new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1),
  ).toISOString();
  const [month] = useLoad(() => api.get<Dashboard>('/v1/dashboard', { from: monthFrom, to }), []);
  const [weekly] = useLoad(
    () =>
      api.get<Dashboard>('/v1/dashboard', {
        from: new Date(Date.parse(to) - 84 * DAY).toISOString(),
        to,
        bucket: 'week',
      }),
    [],
  );
  const drill = (filter: CallFilter, label: string) => {
    drillTo({ from, to, ...filter }, label);
    navigate('/calls');
  };
  const bucketEnd = (start: string) =>
    new Date(Date.parse(`${start}T00:00:00Z`) + (applied.bucket === 'week' ? 7 : 1) * DAY).toISOString();

  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">Dashboard</h1>
      <FiltersBar label="Dashboard period" onApply={() => setApplied({ days: Number(days), bucket })}>
        <Field label="Period" id="dash-days">
          <Select
            id="dash-days"
            value={days}
            onChange={setDays}
            options={[
              { value: '7', label: 'Last 7 days' },
              { value: '30', label: 'Last 30 days' },
              { value: '90', label: 'Last 90 days' },
            ]}
          />
        </Field>
        <Field label="Points per" id="dash-bucket">
          <Select
            id="dash-bucket"
            value={bucket}
            onChange={(v) => setBucket(v as 'day' | 'week')}
            options={[
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
            ]}
          />
        </Field>
      </FiltersBar>
      {data.state === 'loading' ? (
        <Loading what="the dashboard" />
      ) : data.state === 'error' ? (
        <ErrorState error={data.error} retry={reload} />
      ) : data.data.trend.length === 0 ? (
        <Empty title="No calls in this period.">
          Choose a longer period, or check that a platform connection is syncing calls.
        </Empty>
      ) : (
        <>
          <div class="cards" data-testid="dash-cards">
            <div class="card">
              <div class="label">Needs-review backlog</div>
              <button
                type="button"
                class="link big"
                onClick={() =>
                  drill({ needsReview: true, from: undefined, to: undefined }, 'calls that need review')
                }
              >
                {data.data.needsReviewBacklog}
              </button>
            </div>
            <div class="card">
              <div class="label">Open disputes</div>
              <button
                type="button"
                class="link big"
                onClick={() =>
                  drill({ disputed: true, from: undefined, to: undefined }, 'calls with an open dispute')
                }
              >
                {data.data.openDisputes}
              </button>
            </div>
            <div class="card">
              <div class="label">Playbook adherence</div>
              <div class="big">{percent(data.data.playbookAdherence)}</div>
            </div>
            <div class="card">
              <div class="label">Machine vs human agreement (calibration)</div>
              <div class="big">{percent(data.data.machineHumanAgreement)}</div>
            </div>
          </div>
          <div class="grid-2">
            <ChartView
              title="Compliance rate and average score over time (select a point to see its calls)"
              kind="line"
              labels={data.data.trend.map((p) => p.bucket)}
              series={[
                { label: 'Compliance rate %', values: data.data.trend.map((p) => pct(p.complianceRate)) },
                { label: 'Average score', values: data.data.trend.map((p) => p.averageScore) },
              ]}
              max={100}
              onPoint={(i) => {
                const p = data.data.trend[i]!;
                drillTo(
                  { from: `${p.bucket}T00:00:00.000Z`, to: bucketEnd(p.bucket) },
                  `calls of ${p.bucket}`,
                );
                navigate('/calls');
              }}
              testId="chart-trend"
            />
            <ChartView
              title="Miss rate per criterion, worst first (select one to see the calls that missed it)"
              kind="bar"
              horizontal
              labels={data.data.criteria.map((c) => c.criterionId)}
              series={[{ label: 'Missed %', values: data.data.criteria.map((c) => pct(c.missRate)) }]}
              max={100}
              onPoint={(i) =>
                drill(
                  { criterionMissed: data.data.criteria[i]!.criterionId },
                  `calls that missed ${data.data.criteria[i]!.criterionId}`,
                )
              }
              testId="chart-criteria"
            />
            <GroupChart
              title="Per agent"
              rows={data.data.byAgent}
              onPick={(g) => drill({ agentId: g.key }, `calls of agent ${g.key}`)}
            />
            <GroupChart
              title="Per team"
              rows={data.data.byTeam}
              onPick={(g) => drill({ teamId: g.key }, `calls of team ${g.key}`)}
            />
            <GroupChart
              title="Per queue"
              rows={data.data.byQueue}
              onPick={(g) => drill({ queue: g.key }, `calls of queue ${g.key}`)}
            />
            {weekly.state === 'ready' ? (
              <ChartView
                title="Escalations per week (last 12 weeks)"
                kind="bar"
                labels={weekly.data.trend.map((p) => p.bucket)}
                series={[{ label: 'Escalations', values: weekly.data.trend.map((p) => p.escalations) }]}
                onPoint={(i) => {
                  const p = weekly.data.trend[i]!;
                  drillTo(
                    {
                      hasEscalation: true,
                      from: `${p.bucket}T00:00:00.000Z`,
                      to: new Date(Date.parse(`${p.bucket}T00:00:00Z`) + 7 * DAY).toISOString(),
                    },
                    `calls with escalations, week of ${p.bucket}`,
                  );
                  navigate('/calls');
                }}
                testId="chart-escalations"
              />
            ) : null}
          </div>
          <h2>Worst criteria this month</h2>
          {month.state === 'ready' && month.data.criteria.length ? (
            <ol data-testid="worst-criteria">
              {month.data.criteria.slice(0, 5).map((c) => (
                <li key={c.criterionId}>
                  <button
                    type="button"
                    class="link"
                    onClick={() => (
                      drillTo(
                        { criterionMissed: c.criterionId, from: monthFrom, to },
                        `calls that missed ${c.criterionId} this month`,
                      ),
                      navigate('/calls')
                    )}
                  >
                    {c.criterionId}
                  </button>{' '}
                  — missed on {c.missed} of {c.applicable} calls ({percent(c.missRate)})
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted">No scored calls this month yet.</p>
          )}
          <ContactCenterMetrics from={from} to={to} />
        </>
      )}
    </section>
  );
}

function GroupChart({ title, rows, onPick }: { title: string; rows: Group[]; onPick(g: Group): void }) {
  if (rows.length === 0) return null;
  return (
    <ChartView
      title={`${title}: compliance rate and average score, lowest first (select one to see its calls)`}
      kind="bar"
      labels={rows.map((r) => r.key)}
      series={[
        { label: 'Compliance rate %', values: rows.map((r) => pct(r.complianceRate)) },
        { label: 'Average score', values: rows.map((r) => r.averageScore) },
      ]}
      max={100}
      onPoint={(i) => onPick(rows[i]!)}
    />
  );
}

/** FCR, CSAT, AHT, ASA and abandonment from GET /v1/metrics, when that feature is installed. */
function ContactCenterMetrics({ from, to }: { from: string; to: string }) {
  const [metrics] = useLoad(
    () => api.optional<Record<string, unknown>>('/v1/metrics', { from, to }),
    [from, to],
  );
  return (
    <section class="panel" aria-labelledby="ccm-title" data-testid="cc-metrics">
      <h2 id="ccm-title">Contact-center metrics</h2>
      {metrics.state === 'loading' ? (
        <Loading what="metrics" />
      ) : metrics.state === 'error' || metrics.data === null ? (
        <p>
          Contact-center metrics (FCR, CSAT, AHT, ASA, abandonment) are not available on this server yet. They
          appear here once the metrics feature is installed and a platform reports them.
        </p>
      ) : (
        <dl class="kv">
          {['fcr', 'csat', 'aht', 'asa', 'abandonment'].map((k) => {
            const v = (metrics.data as Record<string, unknown>)[k];
            return (
              <Fragment key={k}>
                <dt>{k.toUpperCase()}</dt>
                <dd>
                  {v === undefined || v === null
                    ? '—'
                    : typeof v === 'object'
                      ? JSON.stringify(v)
                      : String(v)}
                </dd>
              </Fragment>
            );
          })}
        </dl>
      )}
    </section>
  );
}
