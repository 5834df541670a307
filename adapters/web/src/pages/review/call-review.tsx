// One call, reviewed: transcript with speakers and times, the recording (seek to a finding's
// moment), findings inline at their evidence, score and compliance, the playbook version used,
// coaching notes and tasks, escalations with their action history, disputes, calibration, and
// the live prompts the agent was shown when that feature is installed.
import { useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { Link } from '../../router';
import { hasAnyRole, useMe } from '../../session';
import { clock, compliance, dateTime, ErrorState, Loading, percent, score, useLoad } from '../../ui';
import type { PageProps } from '../../registry';
import {
  STATUS_TEXT,
  type CallDetail,
  type CoachingTask,
  type Dispute,
  type Finding,
  type FindingStatus,
} from './types';

export function CallReviewPage({ params }: PageProps) {
  const id = params.id!;
  const [detail, reload] = useLoad(
    () => api.get<CallDetail>(`/v1/interactions/${encodeURIComponent(id)}`),
    [id],
  );
  // Kept here, not in Review: a reload after an action remounts Review, and the message must stay.
  const [message, setMessage] = useState<string | null>(null);
  if (detail.state === 'loading') return <Loading what="the call" />;
  if (detail.state === 'error')
    return (
      <>
        <p>
          <Link to="/calls">← Back to calls</Link>
        </p>
        <ErrorState error={detail.error} retry={reload} />
      </>
    );
  return <Review d={detail.data} reload={reload} message={message} setMessage={setMessage} />;
}

function Review({
  d,
  reload,
  message,
  setMessage,
}: {
  d: CallDetail;
  reload(): void;
  message: string | null;
  setMessage(m: string | null): void;
}) {
  const me = useMe();
  const isReviewer = hasAnyRole(me, ['supervisor']);
  const isAgent = hasAnyRole(me, ['agent']);
  const audio = useRef<HTMLAudioElement>(null);
  const [audioSrc, setAudioSrc] = useState<string | null>(null);
  const [audioMsg, setAudioMsg] = useState<string | null>(null);
  const card = d.scorecard;
  const utterances = d.interaction.transcript?.utterances ?? [];
  const byUtterance = new Map<number, Finding[]>();
  for (const f of card?.findings ?? [])
    for (const e of f.evidence) byUtterance.set(e.utterance, [...(byUtterance.get(e.utterance) ?? []), f]);
  const recording = d.interaction.recordings[0];

  const loadAudio = async (): Promise<HTMLAudioElement | null> => {
    if (!recording) return null;
    if (!audioSrc) {
      try {
        const r = await api.get<{ uri?: string }>(
          `/v1/interactions/${encodeURIComponent(d.summary.id)}/recordings/${encodeURIComponent(recording.id)}`,
        );
        if (!r.uri) {
          setAudioMsg('The recording has no playable address (it may have been purged).');
          return null;
        }
        setAudioSrc(r.uri);
      } catch (e) {
        setAudioMsg(`The recording could not be opened: ${(e as Error).message}`);
        return null;
      }
    }
    return audio.current;
  };
  const seek = (ms: number | null, utterance?: number) => {
    if (utterance !== undefined) document.getElementById(`u-${utterance}`)?.focus();
    if (ms === null || !recording) return;
    void loadAudio().then((a) => {
      if (!a) return;
      const go = () => {
        a.currentTime = ms / 1000;
      };
      if (a.readyState >= 1) go();
      else a.addEventListener('loadedmetadata', go, { once: true });
    });
  };

  return (
    <article aria-labelledby="review-title">
      <p>
        <Link to="/calls">← Back to calls</Link>
      </p>
      <h1 id="review-title">Call of {dateTime(d.summary.occurredAt)}</h1>
      {message ? (
        <p class="notice" role="status">
          {message}
        </p>
      ) : null}
      <div class="cards">
        <div class="card">
          <div class="label">Score</div>
          <div class="big" data-testid="review-score">
            {score(card?.score)}
          </div>
        </div>
        <div class="card">
          <div class="label">Compliance</div>
          <div>
            <span
              class={`badge ${card ? (card.compliant ? 'ok' : 'bad') : 'neutral'}`}
              data-testid="review-compliance"
            >
              {compliance(card?.compliant)}
            </span>
          </div>
        </div>
        <div class="card">
          <div class="label">Playbook used</div>
          <div data-testid="review-playbook">
            {card ? `${card.playbook.id} · version ${card.playbook.version}` : '—'}
          </div>
        </div>
        <div class="card">
          <div class="label">Agent · queue</div>
          <div>
            {d.summary.agentIds.join(', ') || '—'} · {d.summary.queueName ?? '—'}
          </div>
        </div>
      </div>
      {card?.needsReview ? (
        <p class="notice">Needs review: {card.reviewReasons.join('; ') || 'flagged by the scorer'}</p>
      ) : null}
      <div class="review">
        <div>
          <section class="panel" aria-labelledby="rec-title">
            <h2 id="rec-title">Recording</h2>
            {recording ? (
              <>
                {audioSrc ? null : (
                  <button type="button" class="secondary" onClick={() => void loadAudio()}>
                    Load the recording
                  </button>
                )}
                <audio
                  ref={audio}
                  controls
                  preload="metadata"
                  src={audioSrc ?? undefined}
                  hidden={!audioSrc}
                  data-testid="player"
                />
                {audioMsg ? <p role="alert">{audioMsg}</p> : null}
              </>
            ) : (
              <p class="muted">No recording is stored for this call.</p>
            )}
          </section>
          <section class="panel" aria-labelledby="tx-title">
            <h2 id="tx-title">Transcript</h2>
            {utterances.length === 0 ? (
              <p class="muted">No transcript is available to your role for this call, or it was purged.</p>
            ) : (
              <ol class="transcript" data-testid="transcript">
                {utterances.map((u, i) => {
                  const here = byUtterance.get(i) ?? [];
                  return (
                    <li
                      key={i}
                      id={`u-${i}`}
                      tabIndex={-1}
                      class={`${u.speaker} ${here.some((f) => f.status === 'missed') ? 'has-finding' : ''}`}
                    >
                      <time>{clock(u.startMs)}</time>
                      <span class="speaker">
                        {u.speaker === 'agent' ? 'Agent' : u.speaker === 'customer' ? 'Caller' : u.speaker}
                      </span>
                      {u.text}
                      {here.map((f) => (
                        <p class="finding-inline" key={f.criterionId}>
                          <span
                            class={`badge ${f.status === 'missed' ? 'bad' : f.status === 'met' ? 'ok' : 'neutral'}`}
                          >
                            {STATUS_TEXT[f.status]}
                          </span>{' '}
                          {f.title}
                        </p>
                      ))}
                    </li>
                  );
                })}
              </ol>
            )}
          </section>
          <LivePrompts id={d.summary.id} />
        </div>
        <div>
          <Findings
            d={d}
            isAgent={isAgent}
            isReviewer={isReviewer}
            seek={seek}
            done={(m) => (setMessage(m), reload())}
          />
          <Disputes id={d.summary.id} isReviewer={isReviewer} done={(m) => (setMessage(m), reload())} />
          {isReviewer ? <AssignCoaching d={d} done={(m) => setMessage(m)} /> : null}
          <section class="panel" aria-labelledby="notes-title">
            <h2 id="notes-title">Coaching notes</h2>
            {d.coaching.length === 0 ? (
              <p class="muted">No coaching notes for this call.</p>
            ) : (
              <ul class="findings">
                {d.coaching.map((n, i) => (
                  <li key={i}>
                    {n.atMs !== null ? (
                      <button type="button" class="link" onClick={() => seek(n.atMs)}>
                        {clock(n.atMs)}
                      </button>
                    ) : null}{' '}
                    {n.text}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="panel" aria-labelledby="esc-title">
            <h2 id="esc-title">Escalations</h2>
            {d.escalations.length === 0 ? (
              <p class="muted">No escalations on this call.</p>
            ) : (
              <ul class="findings">
                {d.escalations.map((e) => (
                  <li key={e.index}>
                    <strong>{e.type.replace(/_/g, ' ')}</strong> · {e.severity}
                    {e.routedTo ? ` · routed to ${e.routedTo}` : ''}
                    <ol>
                      {(e.actions ?? []).map((a, i) => (
                        <li key={i}>
                          {dateTime(a.at)} — {a.action}
                          {a.by ? ` by ${a.by}` : ''}
                          {a.routedTo ? ` → ${a.routedTo}` : ''}
                          {a.note ? `: ${a.note}` : ''}
                        </li>
                      ))}
                    </ol>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {isReviewer ? <Calibration d={d} /> : null}
        </div>
      </div>
    </article>
  );
}

function Findings(props: {
  d: CallDetail;
  isAgent: boolean;
  isReviewer: boolean;
  seek(ms: number | null, utterance?: number): void;
  done(message: string): void;
}) {
  const card = props.d.scorecard;
  const [disputing, setDisputing] = useState<string | null>(null);
  const [requested, setRequested] = useState<FindingStatus>('met');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!card)
    return (
      <section class="panel">
        <h2>Findings</h2>
        <p class="muted">This call has not been scored yet.</p>
      </section>
    );
  const order = { missed: 0, met: 1, not_applicable: 2 } as const;
  const findings = [...card.findings].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <section class="panel" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings</h2>
      <ul class="findings" data-testid="findings">
        {findings.map((f) => (
          <li key={f.criterionId} data-criterion={f.criterionId} data-status={f.status}>
            <div class="row">
              <strong>{f.title}</strong>
              <span class={`badge ${f.status === 'missed' ? 'bad' : f.status === 'met' ? 'ok' : 'neutral'}`}>
                {STATUS_TEXT[f.status]}
              </span>
            </div>
            <div class="muted">
              {f.category} · {f.severity} · confidence {percent(f.confidence)}
            </div>
            {f.explanation ? <p>{f.explanation}</p> : null}
            {f.evidence.map((e, i) => (
              <p key={i}>
                <button type="button" class="link" onClick={() => props.seek(e.startMs, e.utterance)}>
                  {e.startMs !== null ? `Go to ${clock(e.startMs)}` : 'Go to the line'}
                </button>{' '}
                “{e.quote}”
              </p>
            ))}
            {props.isAgent && f.status !== 'not_applicable' ? (
              disputing === f.criterionId ? (
                <form
                  aria-label={`Dispute: ${f.title}`}
                  onSubmit={(ev) => {
                    ev.preventDefault();
                    setError(null);
                    api
                      .post('/v1/disputes', {
                        interactionId: props.d.summary.id,
                        criterionId: f.criterionId,
                        requestedStatus: requested,
                        reason,
                      })
                      .then(
                        () => (
                          setDisputing(null),
                          setReason(''),
                          props.done('Your dispute was sent to your supervisor.')
                        ),
                        (e: unknown) => setError((e as Error).message),
                      );
                  }}
                >
                  <label for={`req-${f.criterionId}`}>It should be</label>
                  <select
                    id={`req-${f.criterionId}`}
                    value={requested}
                    onChange={(e) =>
                      setRequested((e.currentTarget as HTMLSelectElement).value as FindingStatus)
                    }
                  >
                    {(['met', 'missed', 'not_applicable'] as const)
                      .filter((s) => s !== f.status)
                      .map((s) => (
                        <option key={s} value={s}>
                          {STATUS_TEXT[s]}
                        </option>
                      ))}
                  </select>
                  <label for={`reason-${f.criterionId}`}>Why</label>
                  <textarea
                    id={`reason-${f.criterionId}`}
                    required
                    minLength={3}
                    value={reason}
                    onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
                  />
                  {error ? <p role="alert">{error}</p> : null}
                  <div class="row">
                    <button type="submit">Send dispute</button>
                    <button type="button" class="secondary" onClick={() => setDisputing(null)}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => (
                    setDisputing(f.criterionId),
                    setRequested(f.status === 'met' ? 'missed' : 'met')
                  )}
                >
                  Dispute this finding
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Disputes({ id, isReviewer, done }: { id: string; isReviewer: boolean; done(m: string): void }) {
  const [list, reload] = useLoad(
    () => api.get<{ items: Dispute[] }>('/v1/disputes', { interactionId: id }),
    [id],
  );
  const [note, setNote] = useState('');
  if (list.state !== 'ready' || list.data.items.length === 0) return null;
  const decide = (dispute: Dispute, decision: 'accepted' | 'rejected') =>
    api
      .post<Dispute>(`/v1/disputes/${encodeURIComponent(dispute.id)}/decision`, {
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      .then(
        (r) => (
          reload(),
          done(
            decision === 'accepted'
              ? `Dispute accepted: the finding is overridden; score ${score(r.scoreBefore)} → ${score(r.scoreAfter)} (the machine result is kept as the previous version).`
              : 'Dispute rejected.',
          )
        ),
        (e: unknown) => done(`The decision was not saved: ${(e as ApiError).message}`),
      );
  return (
    <section class="panel" aria-labelledby="disputes-title">
      <h2 id="disputes-title">Disputes</h2>
      <ul class="findings" data-testid="disputes">
        {list.data.items.map((x) => (
          <li key={x.id} data-status={x.status}>
            <strong>{x.criterionId}</strong>: {x.raisedBy} says {STATUS_TEXT[x.requestedStatus]} (machine:{' '}
            {STATUS_TEXT[x.machineStatus]})<p>“{x.reason}”</p>
            <p class="muted">
              {x.status === 'open'
                ? `Open since ${dateTime(x.createdAt)}`
                : `${x.status === 'accepted' ? 'Accepted' : 'Rejected'} by ${x.decidedBy} on ${dateTime(x.decidedAt)}${x.decisionNote ? `: ${x.decisionNote}` : ''}`}
            </p>
            {isReviewer && x.status === 'open' ? (
              <div class="row">
                <label class="sr-only" for={`note-${x.id}`}>
                  Decision note
                </label>
                <input
                  id={`note-${x.id}`}
                  placeholder="Decision note (optional)"
                  value={note}
                  onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)}
                />
                <button type="button" onClick={() => void decide(x, 'accepted')}>
                  Accept and override
                </button>
                <button type="button" class="secondary" onClick={() => void decide(x, 'rejected')}>
                  Reject
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AssignCoaching({ d, done }: { d: CallDetail; done(m: string): void }) {
  const missed = (d.scorecard?.findings ?? []).filter((f) => f.status === 'missed');
  const [assignee, setAssignee] = useState(d.summary.agentIds[0] ?? '');
  const [due, setDue] = useState(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  const [focus, setFocus] = useState(missed[0]?.criterionId ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [tasks, reload] = useLoad(
    () => api.get<{ items: CoachingTask[] }>('/v1/coaching-tasks', { interactionId: d.summary.id }),
    [d.summary.id],
  );
  return (
    <section class="panel" aria-labelledby="assign-title">
      <h2 id="assign-title">Coaching tasks</h2>
      {tasks.state === 'ready' && tasks.data.items.length ? (
        <ul class="findings">
          {tasks.data.items.map((t) => (
            <li key={t.id}>
              {t.assignee} · {t.source.criterionId ?? 'whole call'} · due {t.due ?? '—'} · {t.status}
            </li>
          ))}
        </ul>
      ) : null}
      <form
        aria-label="Assign coaching"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          const id = `ct-${d.summary.id}-${Date.now().toString(36)}`
            .replace(/[^A-Za-z0-9._:-]/g, '-')
            .slice(0, 128);
          api
            .post('/v1/coaching-tasks', {
              id,
              interactionId: d.summary.id,
              assignee,
              due,
              status: 'open',
              source: focus ? { criterionId: focus } : {},
              notes: note.trim()
                ? [{ atMs: null, text: note.trim(), ...(focus ? { criterionId: focus } : {}) }]
                : [],
            })
            .then(
              () => (setNote(''), reload(), done(`Coaching assigned to ${assignee}, due ${due}.`)),
              (err: unknown) => setError((err as Error).message),
            );
        }}
      >
        <label for="coach-assignee">Assignee (user or agent id)</label>
        <input
          id="coach-assignee"
          required
          value={assignee}
          onInput={(e) => setAssignee((e.currentTarget as HTMLInputElement).value)}
        />
        <label for="coach-due">Due</label>
        <input
          id="coach-due"
          type="date"
          required
          value={due}
          onInput={(e) => setDue((e.currentTarget as HTMLInputElement).value)}
        />
        <label for="coach-focus">Focus criterion</label>
        <select
          id="coach-focus"
          value={focus}
          onChange={(e) => setFocus((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">The whole call</option>
          {(d.scorecard?.findings ?? []).map((f) => (
            <option key={f.criterionId} value={f.criterionId}>
              {f.title} ({STATUS_TEXT[f.status]})
            </option>
          ))}
        </select>
        <label for="coach-note">Note for the agent</label>
        <textarea
          id="coach-note"
          value={note}
          onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {error ? <p role="alert">{error}</p> : null}
        <button type="submit">Assign coaching</button>
      </form>
    </section>
  );
}

interface CalibrationView {
  state: 'blind' | 'open';
  reviewers: number | string[];
  criteria?: Array<{
    criterionId: string;
    machine: FindingStatus | null;
    marks: Array<{ reviewer: string; status: FindingStatus }>;
    betweenReviewers: number | null;
    withMachine: number | null;
  }>;
  betweenReviewers?: number | null;
  withMachine?: number | null;
}

function Calibration({ d }: { d: CallDetail }) {
  const [view, reload] = useLoad(
    () => api.get<CalibrationView>(`/v1/interactions/${encodeURIComponent(d.summary.id)}/calibration`),
    [d.summary.id],
  );
  const [marks, setMarks] = useState<Record<string, FindingStatus>>({});
  const [error, setError] = useState<string | null>(null);
  const findings = d.scorecard?.findings ?? [];
  if (!d.scorecard || view.state !== 'ready') return null;
  const v = view.data;
  return (
    <section class="panel" aria-labelledby="cal-title">
      <h2 id="cal-title">Calibration</h2>
      {v.state === 'blind' ? (
        <form
          aria-label="Calibration marks"
          onSubmit={(e) => {
            e.preventDefault();
            const list = findings
              .filter((f) => marks[f.criterionId])
              .map((f) => ({ criterionId: f.criterionId, status: marks[f.criterionId]! }));
            api
              .put(`/v1/interactions/${encodeURIComponent(d.summary.id)}/calibration`, { marks: list })
              .then(reload, (err: unknown) => setError((err as Error).message));
          }}
        >
          <p>
            Score each criterion yourself before you see anyone else's marks ({String(v.reviewers)}{' '}
            reviewer(s) so far). Listen and read the transcript rather than the machine's findings.
          </p>
          {findings.map((f) => (
            <div key={f.criterionId}>
              <label for={`cal-${f.criterionId}`}>{f.title}</label>
              <select
                id={`cal-${f.criterionId}`}
                value={marks[f.criterionId] ?? ''}
                onChange={(e) =>
                  setMarks({
                    ...marks,
                    [f.criterionId]: (e.currentTarget as HTMLSelectElement).value as FindingStatus,
                  })
                }
              >
                <option value="">Not scored</option>
                <option value="met">Met</option>
                <option value="missed">Missed</option>
                <option value="not_applicable">Not applicable</option>
              </select>
            </div>
          ))}
          {error ? <p role="alert">{error}</p> : null}
          <button type="submit">Submit my marks</button>
        </form>
      ) : (
        <>
          <p>
            Reviewers: {(v.reviewers as string[]).join(', ')} · agreement between reviewers{' '}
            {percent(v.betweenReviewers)} · with the machine {percent(v.withMachine)}
          </p>
          <div class="table-wrap">
            <table data-testid="calibration">
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Machine</th>
                  <th scope="col">Reviewers</th>
                  <th scope="col">Between reviewers</th>
                  <th scope="col">With machine</th>
                </tr>
              </thead>
              <tbody>
                {(v.criteria ?? []).map((c) => (
                  <tr key={c.criterionId}>
                    <th scope="row">{c.criterionId}</th>
                    <td>{c.machine ? STATUS_TEXT[c.machine] : '—'}</td>
                    <td>{c.marks.map((m) => `${m.reviewer}: ${STATUS_TEXT[m.status]}`).join('; ')}</td>
                    <td class="num">{percent(c.betweenReviewers)}</td>
                    <td class="num">{percent(c.withMachine)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * The live prompts the agent was shown during the call. Reads GET /v1/interactions/:id/live-events
 * when the live-guidance feature provides it; shows nothing when the route does not exist.
 */
function LivePrompts({ id }: { id: string }) {
  const [events] = useLoad(
    () =>
      api.optional<{ items: Array<{ at?: string; atMs?: number; text?: string; kind?: string }> }>(
        `/v1/interactions/${encodeURIComponent(id)}/live-events`,
      ),
    [id],
  );
  if (events.state !== 'ready' || events.data === null) return null;
  return (
    <section class="panel" aria-labelledby="live-title" data-testid="live-prompts">
      <h2 id="live-title">Live prompts shown to the agent</h2>
      {events.data.items.length === 0 ? (
        <p class="muted">No live prompts were shown on this call.</p>
      ) : (
        <ul class="findings">
          {events.data.items.map((e, i) => (
            <li key={i}>
              {e.atMs !== undefined ? `${clock(e.atMs)} ` : ''}
              {e.text ?? e.kind ?? 'prompt'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
