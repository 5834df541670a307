// The calls list: every interaction the signed-in person may see (the server applies the access
// policy: an agent gets their own calls only).
import { api } from '../../api';
import { Link } from '../../router';
import {
  compliance,
  dateTime,
  Empty,
  ErrorState,
  Loading,
  score,
  Table,
  useLoad,
  type Column,
} from '../../ui';

export interface CallRow {
  id: string;
  platform: string;
  channel: string;
  occurredAt: string;
  agentIds: string[];
  teamId: string | null;
  queueName: string | null;
  score: number | null;
  compliant: boolean | null;
  needsReview: boolean;
  escalationCount: number;
}

const COLUMNS: Column<CallRow>[] = [
  {
    key: 'when',
    label: 'When',
    render: (r) => <Link to={`/calls/${encodeURIComponent(r.id)}`}>{dateTime(r.occurredAt)}</Link>,
  },
  { key: 'agent', label: 'Agent', render: (r) => r.agentIds.join(', ') },
  { key: 'queue', label: 'Queue', render: (r) => r.queueName ?? '—' },
  { key: 'channel', label: 'Channel', render: (r) => `${r.channel} · ${r.platform}` },
  { key: 'score', label: 'Score', align: 'right', render: (r) => score(r.score) },
  { key: 'compliant', label: 'Compliance', render: (r) => compliance(r.compliant) },
];

export function CallsPage() {
  const [calls, reload] = useLoad(
    () => api.get<{ items: CallRow[] }>('/v1/interactions', { limit: 100 }),
    [],
  );
  return (
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">Calls</h1>
      {calls.state === 'loading' ? (
        <Loading what="calls" />
      ) : calls.state === 'error' ? (
        <ErrorState error={calls.error} retry={reload} />
      ) : calls.data.items.length === 0 ? (
        <Empty title="No calls to show yet.">Calls appear here once a platform connection syncs them.</Empty>
      ) : (
        <Table
          caption="Calls"
          columns={COLUMNS}
          rows={calls.data.items}
          rowKey={(r) => r.id}
          testId="calls-table"
        />
      )}
    </section>
  );
}
