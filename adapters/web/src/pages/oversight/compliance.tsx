// The compliance officer's screens: who saw which patient's data (the audit trail, searched by
// reader or patient; the patient's identifier goes in a POST body, never in the URL), the
// access-anomaly report, the audit chain's verification, retention and legal holds, deactivations.
import { useState } from 'preact/hooks';
import { api } from '../../api';
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
import { Outcome, dayToIso, daysAgo, saveFile, useSubmit } from './common';

interface AuditEvent {
  seq: number;
  at: string;
  actorId: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
  source: string | null;
  details: Record<string, unknown>;
}
interface AuditPage {
  items: AuditEvent[];
  contactId: string | null;
  nextBeforeSeq: number | null;
}

const ACTIONS = [
  { value: '', label: 'Any action' },
  { value: 'phi.read', label: 'Read patient data (phi.read)' },
  { value: 'phi.search', label: 'Searched (phi.search)' },
  { value: 'phi.write', label: 'Changed (phi.write)' },
  { value: 'access.denied', label: 'Refused (access.denied)' },
  { value: 'audit.export', label: 'Exported the audit trail' },
  { value: 'auth.login', label: 'Signed in' },
];
const PATIENT_KINDS = [
  { value: 'phone', label: 'Phone' },
  { value: 'email', label: 'Email' },
  { value: 'memberId', label: 'Member id' },
  { value: 'crmId', label: 'CRM id' },
];

const AUDIT_COLUMNS: Column<AuditEvent>[] = [
  { key: 'at', label: 'When', render: (e) => dateTime(e.at) },
  { key: 'who', label: 'Who', render: (e) => e.actorId },
  { key: 'action', label: 'Action', render: (e) => e.action },
  { key: 'what', label: 'What', render: (e) => `${e.resourceType}${e.resourceId ? ` ${e.resourceId}` : ''}` },
  {
    key: 'outcome',
    label: 'Outcome',
    render: (e) => <span class={`badge ${e.outcome === 'success' ? 'ok' : 'bad'}`}>{e.outcome}</span>,
  },
  { key: 'from', label: 'From', render: (e) => e.source ?? '—' },
];

interface AuditForm {
  actor: string;
  kind: string;
  patient: string;
  action: string;
  from: string;
  to: string;
}

function searchBody(f: AuditForm) {
  return {
    ...(f.actor.trim() ? { actorId: f.actor.trim() } : {}),
    ...(f.patient.trim() ? { patient: { [f.kind]: f.patient.trim() } } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(dayToIso(f.from) ? { from: dayToIso(f.from) } : {}),
    ...(dayToIso(f.to, true) ? { to: dayToIso(f.to, true) } : {}),
  };
}

function ChainStatus() {
  const [v, reload] = useLoad(
    () =>
      api.get<{ ok: boolean; count: number; brokenSeq?: number; reason?: string }>(
        '/v1/oversight/audit/verify',
      ),
    [],
  );
  return (
    <div class="ov-panel" data-testid="chain-status" aria-live="polite">
      <h2>Audit chain</h2>
      {v.state === 'loading' ? (
        <Loading what="the chain check" />
      ) : v.state === 'error' ? (
        <ErrorState error={v.error} retry={reload} />
      ) : v.data.ok ? (
        <p>
          <span class="badge ok">Intact</span> {v.data.count} events checked, each linked to the one before.{' '}
          <button type="button" class="link" onClick={reload}>
            Check again
          </button>
        </p>
      ) : (
        <p>
          <span class="badge bad">Broken</span> at event {v.data.brokenSeq} ({v.data.reason}). Events from
          there on cannot be trusted: keep the database as it is and tell your security officer.
        </p>
      )}
    </div>
  );
}

const EMPTY_AUDIT: AuditForm = { actor: '', kind: 'phone', patient: '', action: '', from: '', to: '' };

export function AuditTrailPage() {
  const [form, setForm] = useState<AuditForm>(EMPTY_AUDIT);
  const [result, setResult] = useState<{ body: ReturnType<typeof searchBody>; page: AuditPage } | null>(null);
  const search = useSubmit();
  const exporting = useSubmit();
  const ids = {
    actor: fieldId('actor'),
    kind: fieldId('kind'),
    patient: fieldId('patient'),
    action: fieldId('action'),
    from: fieldId('from'),
    to: fieldId('to'),
  };
  const run = (beforeSeq?: number) =>
    search.run(async () => {
      const body = searchBody(form);
      const page = await api.post<AuditPage>('/v1/oversight/audit/search', {
        ...body,
        limit: 100,
        ...(beforeSeq ? { beforeSeq } : {}),
      });
      setResult({ body, page });
    });
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <ChainStatus />
      <FiltersBar
        label="Audit search"
        onApply={() => void run()}
        onClear={() => {
          setForm(EMPTY_AUDIT);
          setResult(null);
        }}
        actions={
          <button
            type="button"
            class="secondary"
            disabled={exporting.busy}
            onClick={() =>
              exporting.run(async () => {
                const r = await api.post<{
                  csv: string;
                  filename: string;
                  count: number;
                  truncated: boolean;
                }>('/v1/oversight/audit/export', searchBody(form));
                saveFile(r.csv, r.filename, 'text/csv');
                return `Exported ${r.count} events${r.truncated ? ' (the first 5,000; narrow the dates for the rest)' : ''}. The export is itself in the audit trail.`;
              })
            }
          >
            Export CSV
          </button>
        }
      >
        <Field label="Reader (user id)" id={ids.actor}>
          <input
            id={ids.actor}
            value={form.actor}
            autocomplete="off"
            onInput={(e) => setForm({ ...form, actor: e.currentTarget.value })}
          />
        </Field>
        <Field label="Patient identifier" id={ids.kind}>
          <Select
            id={ids.kind}
            value={form.kind}
            options={PATIENT_KINDS}
            onChange={(v) => setForm({ ...form, kind: v })}
          />
        </Field>
        <Field
          label="Patient"
          id={ids.patient}
          hint="Matched by a one-way index; it is never kept or put in an address."
        >
          <input
            id={ids.patient}
            value={form.patient}
            autocomplete="off"
            data-testid="patient-input"
            onInput={(e) => setForm({ ...form, patient: e.currentTarget.value })}
          />
        </Field>
        <Field label="Action" id={ids.action}>
          <Select
            id={ids.action}
            value={form.action}
            options={ACTIONS}
            onChange={(v) => setForm({ ...form, action: v })}
          />
        </Field>
        <Field label="From" id={ids.from}>
          <input
            id={ids.from}
            type="date"
            value={form.from}
            onInput={(e) => setForm({ ...form, from: e.currentTarget.value })}
          />
        </Field>
        <Field label="To (inclusive)" id={ids.to}>
          <input
            id={ids.to}
            type="date"
            value={form.to}
            onInput={(e) => setForm({ ...form, to: e.currentTarget.value })}
          />
        </Field>
      </FiltersBar>
      <Outcome submit={search} testId="audit" />
      <Outcome submit={exporting} testId="export" />
      {search.busy ? <Loading what="audit events" /> : null}
      {result === null ? (
        <Empty title="Search the audit trail.">
          Give a reader, a patient, an action or dates, then Apply filters. With nothing given you get the
          newest events.
        </Empty>
      ) : result.page.items.length === 0 ? (
        <Empty
          title={
            result.body.patient && !result.page.contactId
              ? 'No patient matches that identifier.'
              : 'No events match.'
          }
        >
          Check the identifier and its kind, or widen the dates.
        </Empty>
      ) : (
        <>
          {result.page.contactId ? <p class="hint">Patient record {result.page.contactId}.</p> : null}
          <Table
            caption="Audit events, newest first"
            columns={AUDIT_COLUMNS}
            rows={result.page.items}
            rowKey={(e) => String(e.seq)}
            testId="audit-table"
          />
          {result.page.nextBeforeSeq ? (
            <div class="toolbar">
              <button type="button" class="secondary" onClick={() => void run(result.page.nextBeforeSeq!)}>
                Older events
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

interface Reader {
  actorId: string;
  displayName: string | null;
  roles: string[];
  patients: number;
  reads: number;
  z: number | null;
  offHours: { reads: number; patients: number; bulkDays: Array<{ date: string; patients: number }> };
  unassignedPatients: number;
  broadAccessByRole: boolean;
  flags: string[];
}
interface Report {
  readers: Reader[];
  baseline: { readers: number; median: number; mad: number };
}

const FLAG_LABEL: Record<string, string> = {
  volume: 'Far above peers',
  'off-hours-bulk': 'Off-hours bulk reads',
  'unassigned-patients': 'Patients not theirs',
};

const READER_COLUMNS: Column<Reader>[] = [
  {
    key: 'who',
    label: 'Reader',
    render: (r) => (r.displayName ? `${r.displayName} (${r.actorId})` : r.actorId),
  },
  { key: 'roles', label: 'Roles', render: (r) => r.roles.join(', ') || '—' },
  { key: 'patients', label: 'Patients read', align: 'right', render: (r) => r.patients },
  { key: 'z', label: 'Robust z', align: 'right', render: (r) => (r.z === null ? '—' : r.z.toFixed(1)) },
  {
    key: 'off',
    label: 'Off-hours',
    render: (r) =>
      `${r.offHours.reads} reads${r.offHours.bulkDays.length ? `; bulk on ${r.offHours.bulkDays.map((d) => `${d.date} (${d.patients})`).join(', ')}` : ''}`,
  },
  {
    key: 'unassigned',
    label: 'Not their patients',
    align: 'right',
    render: (r) => `${r.unassignedPatients}${r.broadAccessByRole ? ' (role reads all)' : ''}`,
  },
  {
    key: 'flags',
    label: 'Flags',
    render: (r) =>
      r.flags.length === 0 ? (
        <span class="badge neutral">None</span>
      ) : (
        r.flags.map((f) => (
          <span key={f} class="badge bad">
            {FLAG_LABEL[f] ?? f}
          </span>
        ))
      ),
  },
];

export function AccessAnomaliesPage() {
  const tz = -new Date().getTimezoneOffset();
  const initial = { from: daysAgo(30), to: daysAgo(0), tz: String(tz), start: '7', end: '19', bulk: '20' };
  const [draft, setDraft] = useState(initial);
  const [q, setQ] = useState(initial);
  const [report, reload] = useLoad(
    () =>
      api.get<Report>('/v1/oversight/access-anomalies', {
        from: dayToIso(q.from),
        to: dayToIso(q.to, true),
        tzOffsetMinutes: q.tz,
        startHour: q.start,
        endHour: q.end,
        bulkThreshold: q.bulk,
      }),
    [q],
  );
  const ids = {
    from: fieldId('af'),
    to: fieldId('at'),
    tz: fieldId('tz'),
    start: fieldId('sh'),
    end: fieldId('eh'),
    bulk: fieldId('bulk'),
  };
  const num = (key: keyof typeof draft, label: string, id: string, hint?: string) => (
    <Field label={label} id={id} hint={hint}>
      <input
        id={id}
        inputMode="numeric"
        value={draft[key]}
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
    </Field>
  );
  return (
    <section aria-labelledby="anom-title">
      <h1 id="anom-title">Access anomalies</h1>
      <p class="hint">
        Readers of patient records compared with their peers (robust z-score of distinct patients read; above
        3.5 is flagged), bulk reads outside working hours, and reads of patients with no call of the reader or
        their team.
      </p>
      <FiltersBar
        label="Report period and working hours"
        onApply={() => setQ(draft)}
        onClear={() => {
          setDraft(initial);
          setQ(initial);
        }}
      >
        <Field label="From" id={ids.from}>
          <input
            id={ids.from}
            type="date"
            value={draft.from}
            onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
        </Field>
        <Field label="To (inclusive)" id={ids.to}>
          <input
            id={ids.to}
            type="date"
            value={draft.to}
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </Field>
        {num('tz', 'Minutes from UTC', ids.tz, 'US Eastern winter: -300')}
        {num('start', 'Working day starts (hour)', ids.start)}
        {num('end', 'Working day ends (hour)', ids.end)}
        {num('bulk', 'Bulk: patients in one night', ids.bulk)}
      </FiltersBar>
      {report.state === 'loading' ? (
        <Loading what="the report" />
      ) : report.state === 'error' ? (
        <ErrorState error={report.error} retry={reload} />
      ) : report.data.readers.length === 0 ? (
        <Empty title="Nobody read patient records in this period.">Widen the dates to compare readers.</Empty>
      ) : (
        <>
          <p data-testid="baseline">
            {report.data.baseline.readers} readers; a typical reader saw {report.data.baseline.median}{' '}
            patients.
          </p>
          <Table
            caption="Readers, flagged first"
            columns={READER_COLUMNS}
            rows={report.data.readers}
            rowKey={(r) => r.actorId}
            testId="anomaly-table"
          />
        </>
      )}
    </section>
  );
}

interface Retention {
  retentionDays: number;
  legalHold: boolean;
  holds: Array<{ interactionId: string; occurredAt: string; platform: string; externalId: string }>;
}
interface Deactivated {
  id: string;
  displayName: string;
  roles: string[];
  deactivatedAt: string;
  accessEndedAt: string;
}

export function RetentionPage() {
  const me = useMe();
  const isAdmin = me.roles.includes('admin');
  const [ret, reload] = useLoad(() => api.get<Retention>('/v1/oversight/retention'), []);
  const [gone, reloadGone] = useLoad(
    () => api.get<{ items: Deactivated[] }>('/v1/oversight/deactivations'),
    [],
  );
  return (
    <section aria-labelledby="ret-title">
      <h1 id="ret-title">Retention, legal holds and deactivations</h1>
      {ret.state === 'loading' ? (
        <Loading what="retention settings" />
      ) : ret.state === 'error' ? (
        <ErrorState error={ret.error} retry={reload} />
      ) : (
        <>
          <p data-testid="retention-summary">
            Patient data is kept {ret.data.retentionDays} days ({(ret.data.retentionDays / 365).toFixed(1)}{' '}
            years), then purged; scores stay without patient details.{' '}
            {ret.data.legalHold ? (
              <strong>The whole tenant is under legal hold: nothing is purged.</strong>
            ) : (
              'No tenant-wide legal hold.'
            )}
          </p>
          {isAdmin ? <RetentionForm current={ret.data} onDone={reload} /> : null}
          <h2>Interactions under legal hold</h2>
          {ret.data.holds.length === 0 ? (
            <Empty title="No interaction is held on its own.">
              {isAdmin ? 'Hold one below by its id.' : 'An admin places holds.'}
            </Empty>
          ) : (
            <Table
              caption="Interactions under legal hold"
              testId="holds-table"
              columns={[
                { key: 'id', label: 'Interaction', render: (h) => h.interactionId },
                { key: 'when', label: 'When', render: (h) => dateTime(h.occurredAt) },
                { key: 'src', label: 'Platform', render: (h) => `${h.platform} ${h.externalId}` },
                ...(isAdmin
                  ? [
                      {
                        key: 'release',
                        label: 'Release',
                        render: (h: Retention['holds'][number]) => (
                          <ReleaseHold id={h.interactionId} onDone={reload} />
                        ),
                      },
                    ]
                  : []),
              ]}
              rows={ret.data.holds}
              rowKey={(h) => h.interactionId}
            />
          )}
          {isAdmin ? <HoldForm onDone={reload} /> : null}
        </>
      )}
      <h2>Deactivated users</h2>
      {gone.state === 'loading' ? (
        <Loading what="deactivations" />
      ) : gone.state === 'error' ? (
        <ErrorState error={gone.error} retry={reloadGone} />
      ) : gone.data.items.length === 0 ? (
        <Empty title="Nobody has been deactivated.">
          Admins deactivate users under Users; access ends at once.
        </Empty>
      ) : (
        <Table
          caption="Deactivated users"
          testId="deactivations-table"
          columns={[
            { key: 'who', label: 'User', render: (u) => `${u.displayName} (${u.id})` },
            { key: 'roles', label: 'Roles', render: (u) => u.roles.join(', ') },
            { key: 'ended', label: 'Access ended', render: (u) => dateTime(u.accessEndedAt) },
          ]}
          rows={gone.data.items}
          rowKey={(u) => u.id}
        />
      )}
    </section>
  );
}

function RetentionForm({ current, onDone }: { current: Retention; onDone(): void }) {
  const [days, setDays] = useState(String(current.retentionDays));
  const [hold, setHold] = useState(current.legalHold);
  const submit = useSubmit();
  const daysId = fieldId('days');
  const holdId = fieldId('hold');
  return (
    <form
      class="ov-panel"
      aria-label="Change retention"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async () => {
          await api.put('/v1/oversight/retention', { retentionDays: Number(days), legalHold: hold });
          onDone();
          return 'Retention saved.';
        });
      }}
    >
      <Field label="Keep patient data for (days)" id={daysId}>
        <input id={daysId} inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
      </Field>
      <label for={holdId} class="inline">
        <input
          id={holdId}
          type="checkbox"
          checked={hold}
          onChange={(e) => setHold(e.currentTarget.checked)}
        />{' '}
        Legal hold on the whole tenant
      </label>
      <div class="toolbar">
        <button type="submit" disabled={submit.busy}>
          Save retention
        </button>
      </div>
      <Outcome submit={submit} />
    </form>
  );
}

function ReleaseHold({ id, onDone }: { id: string; onDone(): void }) {
  const submit = useSubmit();
  return (
    <>
      <button
        type="button"
        class="secondary"
        disabled={submit.busy}
        onClick={() =>
          submit.run(async () => {
            await api.put(`/v1/oversight/holds/${encodeURIComponent(id)}`, { hold: false });
            onDone();
          })
        }
      >
        Release
      </button>
      <Outcome submit={submit} />
    </>
  );
}

function HoldForm({ onDone }: { onDone(): void }) {
  const [id, setId] = useState('');
  const submit = useSubmit();
  const inputId = fieldId('hold-id');
  return (
    <form
      class="ov-panel"
      aria-label="Hold an interaction"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async () => {
          await api.put(`/v1/oversight/holds/${encodeURIComponent(id.trim())}`, { hold: true });
          setId('');
          onDone();
          return 'Held: it will not be purged until released.';
        });
      }}
    >
      <Field label="Interaction id to hold" id={inputId}>
        <input id={inputId} value={id} required onInput={(e) => setId(e.currentTarget.value)} />
      </Field>
      <button type="submit" disabled={submit.busy}>
        Hold
      </button>
      <Outcome submit={submit} />
    </form>
  );
}
