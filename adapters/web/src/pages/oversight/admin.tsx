// Admin screens: users and roles, API keys, platform connections with sync health.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { useMe, type Role } from '../../session';
import { dateTime, Empty, ErrorState, Field, Loading, Table, fieldId, useLoad } from '../../ui';
import { Outcome, useSubmit } from './common';

const ROLES: readonly Role[] = ['agent', 'supervisor', 'compliance', 'admin', 'crm-viewer', 'integration'];

interface User {
  id: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  teamIds: string[];
  agentIds: string[];
  active: boolean;
  deactivatedAt: string | null;
}

function RolePicker(props: { legend: string; value: Role[]; onChange(v: Role[]): void; testId?: string }) {
  return (
    <fieldset class="roles" data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {ROLES.map((r) => (
        <label key={r} class="inline">
          <input
            type="checkbox"
            checked={props.value.includes(r)}
            onChange={(e) =>
              props.onChange(
                e.currentTarget.checked ? [...props.value, r] : props.value.filter((x) => x !== r),
              )
            }
          />{' '}
          {r}
        </label>
      ))}
    </fieldset>
  );
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function UsersPage() {
  const me = useMe();
  const [users, reload] = useLoad(() => api.get<{ items: User[] }>('/v1/admin/users'), []);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users and roles</h1>
      {users.state === 'loading' ? (
        <Loading what="users" />
      ) : users.state === 'error' ? (
        <ErrorState error={users.error} retry={reload} />
      ) : users.data.items.length === 0 ? (
        <Empty title="No users yet.">Add the first one below.</Empty>
      ) : (
        <Table
          caption="Users"
          testId="users-table"
          columns={[
            { key: 'name', label: 'Name', render: (u) => `${u.displayName} (${u.id})` },
            { key: 'roles', label: 'Roles', render: (u) => u.roles.join(', ') },
            { key: 'teams', label: 'Teams', render: (u) => u.teamIds.join(', ') || '—' },
            { key: 'agent', label: 'Platform ids', render: (u) => u.agentIds.join(', ') || '—' },
            {
              key: 'active',
              label: 'Status',
              render: (u) =>
                u.active ? (
                  <span class="badge ok">Active</span>
                ) : (
                  <span class="badge neutral">Deactivated {dateTime(u.deactivatedAt)}</span>
                ),
            },
            {
              key: 'act',
              label: 'Change',
              render: (u) =>
                u.active ? (
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`Change ${u.displayName}`}
                    onClick={() => setEditing(u.id)}
                  >
                    Change
                  </button>
                ) : null,
            },
          ]}
          rows={users.data.items}
          rowKey={(u) => u.id}
        />
      )}
      {editing && users.state === 'ready' ? (
        <EditUser
          key={editing}
          user={users.data.items.find((u) => u.id === editing)!}
          self={editing === me.userId}
          onDone={() => {
            setEditing(null);
            reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <AddUser onDone={reload} />
    </section>
  );
}

function EditUser(props: { user: User; self: boolean; onDone(): void; onCancel(): void }) {
  const [roles, setRoles] = useState<Role[]>(props.user.roles);
  const [teams, setTeams] = useState(props.user.teamIds.join(', '));
  const submit = useSubmit();
  const off = useSubmit();
  const teamsId = fieldId('teams');
  return (
    <form
      class="ov-panel"
      aria-label={`Change ${props.user.displayName}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async () => {
          await api.put(`/v1/admin/users/${encodeURIComponent(props.user.id)}`, {
            roles,
            teamIds: list(teams),
          });
          props.onDone();
        });
      }}
    >
      <h2>Change {props.user.displayName}</h2>
      <RolePicker legend="Roles" value={roles} onChange={setRoles} testId="edit-roles" />
      <Field label="Teams (comma-separated ids)" id={teamsId}>
        <input id={teamsId} value={teams} onInput={(e) => setTeams(e.currentTarget.value)} />
      </Field>
      <div class="toolbar">
        <button type="submit" disabled={submit.busy}>
          Save roles
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
        {props.self ? null : (
          <button
            type="button"
            class="danger"
            disabled={off.busy}
            onClick={() => {
              if (!window.confirm(`Deactivate ${props.user.displayName}? Their access ends at once.`)) return;
              void off.run(async () => {
                await api.post(`/v1/admin/users/${encodeURIComponent(props.user.id)}/deactivate`);
                props.onDone();
              });
            }}
          >
            Deactivate
          </button>
        )}
      </div>
      <Outcome submit={submit} />
      <Outcome submit={off} />
    </form>
  );
}

function AddUser({ onDone }: { onDone(): void }) {
  const empty = { id: '', displayName: '', email: '', teams: '', agentIds: '' };
  const [f, setF] = useState(empty);
  const [roles, setRoles] = useState<Role[]>(['agent']);
  const submit = useSubmit();
  const ids = {
    id: fieldId('uid'),
    name: fieldId('uname'),
    email: fieldId('uemail'),
    teams: fieldId('uteams'),
    agents: fieldId('uagents'),
  };
  return (
    <form
      class="ov-panel"
      aria-label="Add a user"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async () => {
          await api.post('/v1/admin/users', {
            id: f.id.trim(),
            displayName: f.displayName.trim(),
            ...(f.email.trim() ? { email: f.email.trim() } : {}),
            roles,
            teamIds: list(f.teams),
            agentIds: list(f.agentIds),
          });
          setF(empty);
          onDone();
          return 'User added. They sign in with your identity provider.';
        });
      }}
    >
      <h2>Add a user</h2>
      <div class="filters-grid">
        <Field label="User id (as the identity provider names them)" id={ids.id}>
          <input
            id={ids.id}
            required
            value={f.id}
            onInput={(e) => setF({ ...f, id: e.currentTarget.value })}
          />
        </Field>
        <Field label="Name" id={ids.name}>
          <input
            id={ids.name}
            required
            value={f.displayName}
            onInput={(e) => setF({ ...f, displayName: e.currentTarget.value })}
          />
        </Field>
        <Field label="Work email (optional)" id={ids.email}>
          <input
            id={ids.email}
            type="email"
            value={f.email}
            onInput={(e) => setF({ ...f, email: e.currentTarget.value })}
          />
        </Field>
        <Field label="Teams (comma-separated)" id={ids.teams}>
          <input
            id={ids.teams}
            value={f.teams}
            onInput={(e) => setF({ ...f, teams: e.currentTarget.value })}
          />
        </Field>
        <Field
          label="Platform agent ids (comma-separated)"
          id={ids.agents}
          hint="Genesys user id, Five9 username"
        >
          <input
            id={ids.agents}
            value={f.agentIds}
            onInput={(e) => setF({ ...f, agentIds: e.currentTarget.value })}
          />
        </Field>
      </div>
      <RolePicker legend="Roles" value={roles} onChange={setRoles} />
      <button type="submit" disabled={submit.busy}>
        Add user
      </button>
      <Outcome submit={submit} />
    </form>
  );
}

interface ApiKey {
  id: string;
  name: string;
  roles: Role[];
  prefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export function ApiKeysPage() {
  const [keys, reload] = useLoad(() => api.get<{ items: ApiKey[] }>('/v1/admin/api-keys'), []);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['integration']);
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const submit = useSubmit();
  const revoke = useSubmit();
  const nameId = fieldId('kname');
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      {shown ? (
        <div class="notice" role="alert" data-testid="new-key">
          <p>
            The key for <strong>{shown.name}</strong> is shown this once. Copy it now into the system that
            uses it; Teachback keeps only a fingerprint.
          </p>
          <p>
            <code class="secret">{shown.key}</code>
          </p>
          <button type="button" class="secondary" onClick={() => setShown(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      {keys.state === 'loading' ? (
        <Loading what="API keys" />
      ) : keys.state === 'error' ? (
        <ErrorState error={keys.error} retry={reload} />
      ) : keys.data.items.length === 0 ? (
        <Empty title="No API keys yet.">Create one below for each system that calls Teachback.</Empty>
      ) : (
        <Table
          caption="API keys"
          testId="keys-table"
          columns={[
            { key: 'name', label: 'Name', render: (k) => k.name },
            { key: 'prefix', label: 'Starts with', render: (k) => <code>{k.prefix}…</code> },
            { key: 'roles', label: 'Roles', render: (k) => k.roles.join(', ') },
            { key: 'created', label: 'Created', render: (k) => `${dateTime(k.createdAt)} by ${k.createdBy}` },
            {
              key: 'state',
              label: 'Status',
              render: (k) =>
                k.revokedAt ? (
                  <span class="badge neutral">Revoked {dateTime(k.revokedAt)}</span>
                ) : (
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Revoke ${k.name}`}
                    disabled={revoke.busy}
                    onClick={() =>
                      revoke.run(async () => {
                        await api.post(`/v1/admin/api-keys/${encodeURIComponent(k.id)}/revoke`);
                        reload();
                        return `${k.name}: revoked; it is refused from now on.`;
                      })
                    }
                  >
                    Revoke
                  </button>
                ),
            },
          ]}
          rows={keys.data.items}
          rowKey={(k) => k.id}
        />
      )}
      <Outcome submit={revoke} />
      <form
        class="ov-panel"
        aria-label="Create an API key"
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const made = await api.post<ApiKey & { key: string }>('/v1/admin/api-keys', { name, roles });
            setShown({ name: made.name, key: made.key });
            setName('');
            reload();
          });
        }}
      >
        <h2>Create a key</h2>
        <Field label="What uses it" id={nameId}>
          <input id={nameId} required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <RolePicker legend="Roles the key acts with" value={roles} onChange={setRoles} />
        <button type="submit" disabled={submit.busy}>
          Create key
        </button>
        <Outcome submit={submit} />
      </form>
    </section>
  );
}

interface Connection {
  platform: string;
  updatedAt: string;
  lastCheck: { ok: boolean; checkedAt: string; checkedBy: string; report: Record<string, unknown> } | null;
}

interface SyncNow {
  key: string;
  state: 'queued' | 'running';
  outcome: 'enqueued' | 'already-queued' | 'already-running';
}

function syncNowText(platform: string, r: SyncNow): string {
  if (r.outcome === 'already-running')
    return `${platform}: a sync is already running; it picks up the newest calls.`;
  if (r.outcome === 'already-queued')
    return `${platform}: a sync is already queued; the workers start it shortly.`;
  return `${platform}: sync queued; the workers start it shortly. Sync health below shows its progress.`;
}

export function ConnectionsPage() {
  const [conns, reload] = useLoad(() => api.get<{ items: Connection[] }>('/v1/admin/connections'), []);
  const [status, reloadStatus] = useLoad(() => api.optional<unknown>('/v1/sync/status'), []);
  const [dead, reloadDead] = useLoad(
    () => api.optional<{ items: Array<Record<string, unknown>> }>('/v1/sync/dead-letters'),
    [],
  );
  const test = useSubmit();
  const sync = useSubmit();
  const retry = useSubmit();
  return (
    <section aria-labelledby="conn-title">
      <h1 id="conn-title">Platform connections</h1>
      {conns.state === 'loading' ? (
        <Loading what="connections" />
      ) : conns.state === 'error' ? (
        <ErrorState error={conns.error} retry={reload} />
      ) : conns.data.items.length === 0 ? (
        <Empty title="No platform is connected.">
          Connect Genesys Cloud, Five9 or Salesforce with <code>teachback connect</code> or{' '}
          <code>POST /v1/connections/&#123;platform&#125;</code>; it then appears here.
        </Empty>
      ) : (
        <Table
          caption="Connections"
          testId="connections-table"
          columns={[
            { key: 'platform', label: 'Platform', render: (c) => c.platform },
            { key: 'updated', label: 'Saved', render: (c) => dateTime(c.updatedAt) },
            {
              key: 'check',
              label: 'Last test',
              render: (c) =>
                c.lastCheck ? (
                  <span>
                    <span class={`badge ${c.lastCheck.ok ? 'ok' : 'bad'}`}>
                      {c.lastCheck.ok ? 'Working' : 'Failing'}
                    </span>{' '}
                    {dateTime(c.lastCheck.checkedAt)} by {c.lastCheck.checkedBy}
                    {!c.lastCheck.ok && typeof c.lastCheck.report.error === 'string'
                      ? ` (${c.lastCheck.report.error})`
                      : ''}
                  </span>
                ) : (
                  'Never tested'
                ),
            },
            {
              key: 'test',
              label: 'Test',
              render: (c) => (
                <button
                  type="button"
                  disabled={test.busy}
                  aria-label={`Test the ${c.platform} connection`}
                  onClick={() =>
                    test.run(async () => {
                      const r = await api.post<{ ok: boolean }>(`/v1/admin/connections/${c.platform}/test`);
                      reload();
                      return r.ok
                        ? `${c.platform}: working.`
                        : `${c.platform}: the test failed. Check the credentials, then test again.`;
                    })
                  }
                >
                  Test now
                </button>
              ),
            },
            {
              key: 'sync',
              label: 'Sync',
              render: (c) => (
                <button
                  type="button"
                  disabled={sync.busy}
                  aria-label={`Sync ${c.platform} now`}
                  onClick={() =>
                    sync.run(async () => {
                      const r = await api.post<SyncNow>(`/v1/admin/connections/${c.platform}/sync`);
                      reloadStatus();
                      return syncNowText(c.platform, r);
                    })
                  }
                >
                  Sync now
                </button>
              ),
            },
          ]}
          rows={conns.data.items}
          rowKey={(c) => c.platform}
        />
      )}
      <Outcome submit={test} testId="test" />
      <Outcome submit={sync} testId="sync" />
      <h2>Sync health</h2>
      {status.state === 'loading' ? (
        <Loading what="sync status" />
      ) : status.state === 'error' ? (
        <ErrorState error={status.error} retry={reloadStatus} />
      ) : status.data === null ? (
        <Empty title="No sync runner is attached to this server.">
          Start the workers (teachback worker) to see sync health.
        </Empty>
      ) : (
        <pre class="json" tabIndex={0} aria-label="Sync status">
          {JSON.stringify(status.data, null, 2)}
        </pre>
      )}
      <h2>Dead letters</h2>
      {dead.state === 'loading' ? (
        <Loading what="dead letters" />
      ) : dead.state === 'error' ? (
        <ErrorState error={dead.error} retry={reloadDead} />
      ) : dead.data === null ? (
        <Empty title="No job runner is attached, so there are no dead letters to show.">
          They appear here when workers run.
        </Empty>
      ) : dead.data.items.length === 0 ? (
        <Empty title="No dead letters.">Every job and push-back went through.</Empty>
      ) : (
        <Table
          caption="Jobs that ran out of retries"
          columns={[
            { key: 'id', label: 'Job', render: (d) => String(d.id ?? '') },
            { key: 'kind', label: 'Kind', render: (d) => String(d.kind ?? d.step ?? '') },
            { key: 'error', label: 'Last error', render: (d) => String(d.lastError ?? d.error ?? '') },
            {
              key: 'retry',
              label: 'Re-run',
              render: (d) => (
                <button
                  type="button"
                  disabled={retry.busy}
                  onClick={() =>
                    retry.run(async () => {
                      await api.post(`/v1/sync/dead-letters/${encodeURIComponent(String(d.id))}/retry`);
                      reloadDead();
                      return 'Queued again.';
                    })
                  }
                >
                  Re-run
                </button>
              ),
            },
          ]}
          rows={dead.data.items}
          rowKey={(d) => String(d.id)}
        />
      )}
      <Outcome submit={retry} />
    </section>
  );
}
