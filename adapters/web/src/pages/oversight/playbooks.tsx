// The playbook editor: YAML with problems placed at their line (a button moves the cursor
// there), a trial on a pasted transcript before publishing, publishing with a note, an effective
// date and queues, and every version with a diff against the one before.
import { useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import type { PageProps } from '../../registry';
import { Link } from '../../router';
import { dateTime, Empty, ErrorState, Field, Loading, Table, fieldId, score, useLoad } from '../../ui';
import { Outcome, useLoadKeep, useSubmit } from './common';

interface VersionInfo {
  id: string;
  version: number;
  title: string;
  author: string;
  savedAt: string;
  note: string;
  effectiveFrom: string | null;
  queues: string[] | null;
  source: string;
}

export function PlaybooksPage() {
  const [list, reload] = useLoad(() => api.get<{ items: VersionInfo[] }>('/v1/playbooks'), []);
  return (
    <section aria-labelledby="pb-title">
      <h1 id="pb-title">Playbooks</h1>
      {list.state === 'loading' ? (
        <Loading what="playbooks" />
      ) : list.state === 'error' ? (
        <ErrorState error={list.error} retry={reload} />
      ) : list.data.items.length === 0 ? (
        <Empty title="No playbooks.">The built-in playbooks appear here once the tenant exists.</Empty>
      ) : (
        <Table
          caption="Playbooks, newest version of each"
          testId="playbooks-table"
          columns={[
            {
              key: 'title',
              label: 'Playbook',
              render: (p) => <Link to={`/admin/playbooks/${encodeURIComponent(p.id)}`}>{p.title}</Link>,
            },
            { key: 'id', label: 'Id', render: (p) => <code>{p.id}</code> },
            { key: 'version', label: 'Version', align: 'right', render: (p) => p.version },
            { key: 'saved', label: 'Saved', render: (p) => `${dateTime(p.savedAt)} by ${p.author}` },
            { key: 'from', label: 'In force from', render: (p) => p.effectiveFrom ?? 'the start' },
          ]}
          rows={list.data.items}
          rowKey={(p) => p.id}
        />
      )}
    </section>
  );
}

interface Problem {
  line: number | null;
  column: number | null;
  path: string | null;
  message: string;
}
interface TryResult {
  playbook: { id: string; version: number | 'draft' };
  score: number;
  compliant: boolean;
  findings: Array<{ criterionId: string; title: string; status: string; category: string }>;
  escalations: Array<{ type: string; severity: string }>;
}
interface DiffResult {
  from: number;
  to: number;
  added: number;
  removed: number;
  lines: Array<{ op: ' ' | '+' | '-'; text: string }>;
}

/** Puts the cursor at a line and column of a textarea and scrolls it into view. */
function goTo(area: HTMLTextAreaElement, line: number, column: number): void {
  const lines = area.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  offset += Math.max(0, column - 1);
  area.focus();
  area.setSelectionRange(offset, offset);
  const lineHeight = area.scrollHeight / Math.max(1, lines.length);
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

export function PlaybookEditorPage({ params }: PageProps) {
  const id = params.id!;
  const [loaded, reloadYaml] = useLoad(
    () => api.get<VersionInfo & { yaml: string }>(`/v1/admin/playbooks/${encodeURIComponent(id)}/yaml`),
    [id],
  );
  const [versions, reloadVersions] = useLoadKeep(
    () => api.get<{ items: VersionInfo[] }>(`/v1/playbooks/${encodeURIComponent(id)}/versions`),
    [id],
  );
  if (loaded.state === 'loading') return <Loading what="the playbook" />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} retry={reloadYaml} />;
  return (
    <Editor
      key={`${id}-${loaded.data.version}`}
      id={id}
      initial={loaded.data}
      versions={versions.state === 'ready' ? versions.data.items : null}
      versionsError={versions.state === 'error' ? versions.error : null}
      // The editor already holds what was published: only the version list changes.
      onPublished={reloadVersions}
    />
  );
}

function Editor(props: {
  id: string;
  initial: VersionInfo & { yaml: string };
  versions: VersionInfo[] | null;
  versionsError: unknown;
  onPublished(): void;
}) {
  const [yaml, setYaml] = useState(props.initial.yaml);
  const [cursor, setCursor] = useState({ line: 1, column: 1 });
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [transcript, setTranscript] = useState('');
  const [tried, setTried] = useState<TryResult | null>(null);
  const [note, setNote] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [queues, setQueues] = useState('');
  const [diff, setDiff] = useState<DiffResult | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const check = useSubmit();
  const trial = useSubmit();
  const publish = useSubmit();
  const compare = useSubmit();
  const ids = {
    yaml: fieldId('yaml'),
    transcript: fieldId('transcript'),
    note: fieldId('note'),
    from: fieldId('eff'),
    queues: fieldId('queues'),
  };
  const trackCursor = () => {
    const a = area.current;
    if (!a) return;
    const before = a.value.slice(0, a.selectionStart);
    const lines = before.split('\n');
    setCursor({ line: lines.length, column: lines[lines.length - 1]!.length + 1 });
  };
  const runCheck = () =>
    check.run(async () => {
      const r = await api.post<{ valid: boolean; problems: Problem[]; criteria?: number }>(
        '/v1/admin/playbooks/check',
        {
          yaml,
          id: props.id,
        },
      );
      setProblems(r.problems);
      return r.valid ? `No problems: ${r.criteria} criteria.` : undefined;
    });
  return (
    <section aria-labelledby="editor-title">
      <p>
        <Link to="/admin/playbooks">← Playbooks</Link>
      </p>
      <h1 id="editor-title">
        {props.initial.title} <small>(editing from version {props.initial.version})</small>
      </h1>
      <Field label="Playbook YAML" id={ids.yaml} hint={`Line ${cursor.line}, column ${cursor.column}`}>
        <textarea
          id={ids.yaml}
          ref={area}
          class="code"
          rows={24}
          spellcheck={false}
          value={yaml}
          data-testid="yaml-editor"
          onInput={(e) => {
            setYaml(e.currentTarget.value);
            setProblems(null);
            trackCursor();
          }}
          onKeyUp={trackCursor}
          onClick={trackCursor}
        />
      </Field>
      <div class="toolbar">
        <button type="button" disabled={check.busy} onClick={() => void runCheck()}>
          Check
        </button>
      </div>
      <Outcome submit={check} testId="check" />
      {problems && problems.length > 0 ? (
        <div class="form-error" role="alert" data-testid="yaml-problems">
          <p>Fix these before publishing:</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                {p.line !== null ? (
                  <button
                    type="button"
                    class="link"
                    onClick={() => {
                      if (!area.current) return;
                      goTo(area.current, p.line!, p.column ?? 1);
                      trackCursor();
                    }}
                  >
                    Line {p.line}, column {p.column}
                  </button>
                ) : (
                  <strong>{p.path ?? 'Playbook'}</strong>
                )}
                : {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <h2>Try this draft on a transcript</h2>
      <form
        class="ov-panel"
        aria-label="Try the draft"
        onSubmit={(e) => {
          e.preventDefault();
          void trial.run(async () => {
            setTried(await api.post<TryResult>('/v1/admin/playbooks/try', { yaml, transcript }));
          });
        }}
      >
        <Field
          label="Transcript"
          id={ids.transcript}
          hint="One line per turn: [00:05] Agent: … — nothing is stored."
        >
          <textarea
            id={ids.transcript}
            rows={6}
            required
            value={transcript}
            onInput={(e) => setTranscript(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" disabled={trial.busy}>
          Score with the draft
        </button>
        <Outcome submit={trial} testId="try" />
        {tried ? <TryView result={tried} /> : null}
      </form>

      <h2>Publish</h2>
      <form
        class="ov-panel"
        aria-label="Publish a new version"
        onSubmit={(e) => {
          e.preventDefault();
          void publish.run(async () => {
            const saved = await api.post<VersionInfo>(
              `/v1/admin/playbooks/${encodeURIComponent(props.id)}/publish`,
              {
                yaml,
                note,
                ...(effectiveFrom ? { effectiveFrom } : {}),
                ...(queues.trim()
                  ? {
                      queues: queues
                        .split(',')
                        .map((q) => q.trim())
                        .filter(Boolean),
                    }
                  : {}),
              },
            );
            props.onPublished();
            return `Published version ${saved.version}${saved.effectiveFrom ? `, scoring calls from ${saved.effectiveFrom}` : ''}.`;
          });
        }}
      >
        <div class="filters-grid">
          <Field label="What changed" id={ids.note}>
            <input id={ids.note} required value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
          <Field label="In force from (call date)" id={ids.from} hint="Empty: from today">
            <input
              id={ids.from}
              type="date"
              value={effectiveFrom}
              onInput={(e) => setEffectiveFrom(e.currentTarget.value)}
            />
          </Field>
          <Field label="Only these queues (comma-separated)" id={ids.queues} hint="Empty: every queue">
            <input id={ids.queues} value={queues} onInput={(e) => setQueues(e.currentTarget.value)} />
          </Field>
        </div>
        <button type="submit" disabled={publish.busy}>
          Publish
        </button>
        <Outcome submit={publish} testId="publish" />
      </form>

      <h2>Versions</h2>
      {props.versionsError ? (
        <ErrorState error={props.versionsError} />
      ) : props.versions === null ? (
        <Loading what="versions" />
      ) : (
        <Table
          caption="Versions, newest first"
          testId="versions-table"
          columns={[
            { key: 'v', label: 'Version', align: 'right', render: (v) => v.version },
            { key: 'saved', label: 'Saved', render: (v) => `${dateTime(v.savedAt)} by ${v.author}` },
            { key: 'note', label: 'Note', render: (v) => v.note },
            { key: 'from', label: 'In force from', render: (v) => v.effectiveFrom ?? 'the start' },
            { key: 'queues', label: 'Queues', render: (v) => v.queues?.join(', ') ?? 'all' },
            {
              key: 'diff',
              label: 'Changes',
              render: (v) =>
                v.version > 1 ? (
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`Compare version ${v.version} with ${v.version - 1}`}
                    onClick={() =>
                      compare.run(async () => {
                        setDiff(
                          await api.get<DiffResult>(
                            `/v1/admin/playbooks/${encodeURIComponent(props.id)}/diff`,
                            {
                              from: v.version - 1,
                              to: v.version,
                            },
                          ),
                        );
                      })
                    }
                  >
                    Compare with {v.version - 1}
                  </button>
                ) : (
                  'First version'
                ),
            },
          ]}
          rows={props.versions}
          rowKey={(v) => String(v.version)}
        />
      )}
      <Outcome submit={compare} />
      {diff ? (
        <figure class="diff" data-testid="diff">
          <figcaption>
            Version {diff.from} → {diff.to}: {diff.added} lines added, {diff.removed} removed
          </figcaption>
          <pre tabIndex={0}>
            {diff.lines
              .filter((l) => l.op !== ' ')
              .map((l, i) => (
                <span key={i} class={l.op === '+' ? 'add' : 'del'}>
                  {l.op === '+' ? '+ ' : '- '}
                  {l.text}
                  {'\n'}
                </span>
              ))}
          </pre>
        </figure>
      ) : null}
    </section>
  );
}

function TryView({ result }: { result: TryResult }) {
  const missed = result.findings.filter((f) => f.status === 'missed');
  return (
    <div data-testid="try-result">
      <p>
        Score <strong>{score(result.score)}</strong> with {result.playbook.id} version{' '}
        {String(result.playbook.version)}; {result.compliant ? 'compliant' : 'not compliant'}.{' '}
        {result.escalations.length} escalation(s) detected.
      </p>
      {missed.length ? (
        <ul>
          {missed.map((f) => (
            <li key={f.criterionId}>
              Missed: {f.title} ({f.category})
            </li>
          ))}
        </ul>
      ) : (
        <p>No criterion missed.</p>
      )}
    </div>
  );
}
