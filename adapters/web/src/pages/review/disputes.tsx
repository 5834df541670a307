// Disputes: agents see theirs and how they were decided; supervisors see their teams' open ones
// and decide them on the call's review page (where the evidence is).
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Link } from '../../router';
import { dateTime, Empty, ErrorState, Loading, score, Select, Table, useLoad, type Column } from '../../ui';
import { STATUS_TEXT, type Dispute } from './types';

export function DisputesPage() {
  const [status, setStatus] = useState('open');
  const [list, reload] = useLoad(
    () => api.get<{ items: Dispute[] }>('/v1/disputes', status ? { status } : {}),
    [status],
  );
  const columns: Column<Dispute>[] = [
    { key: 'when', label: 'Raised', render: (x) => dateTime(x.createdAt) },
    { key: 'by', label: 'By', render: (x) => x.raisedBy },
    { key: 'criterion', label: 'Criterion', render: (x) => x.criterionId },
    {
      key: 'ask',
      label: 'Asks',
      render: (x) => `${STATUS_TEXT[x.machineStatus]} → ${STATUS_TEXT[x.requestedStatus]}`,
    },
    { key: 'reason', label: 'Reason', render: (x) => x.reason },
    {
      key: 'status',
      label: 'Status',
      render: (x) =>
        x.status === 'open'
          ? 'Open'
          : `${x.status === 'accepted' ? 'Accepted' : 'Rejected'} by ${x.decidedBy}`,
    },
    {
      key: 'score',
      label: 'Score',
      align: 'right',
      render: (x) =>
        x.scoreAfter === null ? score(x.scoreBefore) : `${score(x.scoreBefore)} → ${score(x.scoreAfter)}`,
    },
    {
      key: 'call',
      label: 'Call',
      render: (x) => <Link to={`/calls/${encodeURIComponent(x.interactionId)}`}>Review</Link>,
    },
  ];
  return (
    <section aria-labelledby="disputes-page-title">
      <h1 id="disputes-page-title">Disputes</h1>
      <div class="toolbar">
        <label for="disputes-status">Show</label>
        <Select
          id="disputes-status"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: 'Open' },
            { value: 'accepted', label: 'Accepted' },
            { value: 'rejected', label: 'Rejected' },
            { value: '', label: 'All' },
          ]}
        />
      </div>
      {list.state === 'loading' ? (
        <Loading what="disputes" />
      ) : list.state === 'error' ? (
        <ErrorState error={list.error} retry={reload} />
      ) : list.data.items.length === 0 ? (
        <Empty title="No disputes here.">
          An agent disputes a finding from the call's review page; it then waits here for a supervisor.
        </Empty>
      ) : (
        <Table
          caption="Disputes"
          columns={columns}
          rows={list.data.items}
          rowKey={(x) => x.id}
          testId="disputes-table"
        />
      )}
    </section>
  );
}
