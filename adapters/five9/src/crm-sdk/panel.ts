// zod/mini keeps the browser bundle small (the classic API does not tree-shake).
import * as z from 'zod/mini';

/**
 * The Teachback panel inside the Five9 agent desktop, via the Five9 CRM SDK
 * (`window.Five9.CrmSdk`). It shows the live score and prompts for the current interaction,
 * writes the score and compliance status to call variables before disposition (after disposition
 * Five9 discards interaction data), and asks the agent to confirm when a compliance item is still
 * missed. Nothing here is PHI: scores, status words and criterion titles only.
 *
 * DOM-free on purpose: it talks to the SDK object and a fetch function, so it runs under jest and
 * in the browser bundle (browser-entry.ts) alike.
 */

/** The part of the Five9 CRM SDK this panel uses (shapes from Five9's CRM SDK docs). */
export interface CrmSdk {
  interactionApi(): InteractionApi;
  hookApi(): { registerApi(hooks: { beforeDisposition?: (params: unknown) => Promise<HookResult> }): void };
  customComponentsApi(): {
    registerCustomComponents(arg: {
      template: string;
      callbacks?: Record<string, (...args: unknown[]) => void>;
    }): void;
  };
  HookStatusCode: { Proceed: unknown; Confirmation: unknown };
}

export interface InteractionApi {
  subscribe(handlers: Record<string, (params: unknown) => void>): void;
  setCav(arg: { interactionId: string; cavList: { id: string; value: string }[] }): Promise<unknown>;
  getCav(arg: { interactionId: string }): Promise<unknown>;
}

export interface HookResult {
  status: { statusCode: unknown; messageHeader?: string; message?: string };
}

export const PanelConfig = z.strictObject({
  /** Teachback API origin, e.g. https://teachback.example.org */
  apiBase: z.url(),
  /** Agent-session token issued by Teachback for the desktop (not a Five9 credential). */
  token: z.optional(z.string().check(z.minLength(1))),
  /** Call variables as `Group.Name`; created by the admin as described in the README. */
  scoreCav: z._default(z.string().check(z.regex(/^[^.]+\.[^.]+$/, 'must be Group.Name')), 'Teachback.Score'),
  complianceCav: z._default(
    z.string().check(z.regex(/^[^.]+\.[^.]+$/, 'must be Group.Name')),
    'Teachback.Compliance',
  ),
  pollMs: z._default(z.number().check(z.int(), z.minimum(1000)), 5000),
  location: z._default(z.string(), '3rdPartyComp-li-call-tab'),
});
export type PanelConfig = z.input<typeof PanelConfig>;

export const LiveGuidance = z.looseObject({
  score: z.nullable(z.number().check(z.minimum(0), z.maximum(100))),
  compliance: z.enum(['pass', 'fail', 'pending']),
  prompts: z
    .array(z.looseObject({ id: z.string(), text: z.string().check(z.maxLength(500)) }))
    .check(z.maxLength(20)),
  missed: z
    .array(z.looseObject({ id: z.string(), title: z.string().check(z.maxLength(200)), category: z.string() }))
    .check(z.maxLength(50)),
});
export type LiveGuidance = z.infer<typeof LiveGuidance>;

export interface PanelDeps {
  fetch: (
    url: string,
    init: { headers: Record<string, string> },
  ) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
  log?: (message: string) => void;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderPanel(location: string, g: LiveGuidance | undefined, note?: string): string {
  const score = g?.score === null || g?.score === undefined ? '—' : String(Math.round(g.score));
  const items = (g?.prompts ?? []).map((p) => `<li>${escapeHtml(p.text)}</li>`).join('');
  const missed = (g?.missed ?? [])
    .filter((m) => m.category === 'compliance')
    .map((m) => `<li>${escapeHtml(m.title)}</li>`)
    .join('');
  return (
    `<adt-components><adt-component location="${escapeHtml(location)}" label="Teachback" id="teachback-panel">` +
    `<div class="teachback"><p>Score: <b>${score}</b> · Compliance: <b>${escapeHtml(g?.compliance ?? 'pending')}</b></p>` +
    (items ? `<ul class="teachback-prompts">${items}</ul>` : '') +
    (missed ? `<p>Still missed:</p><ul class="teachback-missed">${missed}</ul>` : '') +
    (note ? `<p class="teachback-note">${escapeHtml(note)}</p>` : '') +
    '</div></adt-component></adt-components>'
  );
}

function interactionIdOf(params: unknown): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const p = params as Record<string, unknown>;
  for (const holder of [p['callData'], p['chatData'], p['emailData'], p]) {
    if (holder && typeof holder === 'object') {
      const id = (holder as Record<string, unknown>)['interactionId'];
      if (typeof id === 'string' && id) return id;
    }
  }
  return undefined;
}

export interface TeachbackPanel {
  /** The interaction currently shown, if any. */
  current(): string | undefined;
  /** Fetches and renders guidance now. */
  refresh(): Promise<LiveGuidance | undefined>;
}

export function installTeachbackPanel(
  sdk: CrmSdk,
  configInput: PanelConfig,
  deps: PanelDeps,
): TeachbackPanel {
  const config = PanelConfig.parse(configInput);
  const interactions = sdk.interactionApi();
  const components = sdk.customComponentsApi();
  const log = deps.log ?? (() => undefined);
  let current: string | undefined;
  let latest: LiveGuidance | undefined;
  let timer: unknown;
  const cavIds = new Map<string, string>();

  const render = (note?: string) =>
    components.registerCustomComponents({ template: renderPanel(config.location, latest, note) });

  async function fetchGuidance(id: string): Promise<LiveGuidance | undefined> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (config.token) headers['Authorization'] = `Bearer ${config.token}`;
    const res = await deps.fetch(
      `${config.apiBase.replace(/\/+$/, '')}/v1/live/five9/${encodeURIComponent(id)}`,
      { headers },
    );
    if (!res.ok) throw new Error(`guidance request failed (HTTP ${res.status})`);
    const parsed = LiveGuidance.safeParse(await res.json());
    if (!parsed.success) throw new Error('guidance response did not match the expected shape');
    return parsed.data;
  }

  async function refresh(): Promise<LiveGuidance | undefined> {
    const id = current;
    if (!id) return undefined;
    try {
      const g = await fetchGuidance(id);
      if (current !== id) return undefined;
      latest = g;
      render();
      return g;
    } catch (err) {
      log(`teachback: ${(err as Error).message}`);
      render('Teachback guidance is unavailable right now.');
      return undefined;
    }
  }

  function start(params: unknown): void {
    const id = interactionIdOf(params);
    if (!id || id === current) return;
    stop();
    current = id;
    latest = undefined;
    render();
    void refresh();
    timer = deps.setInterval(() => void refresh(), config.pollMs);
  }

  function stop(): void {
    if (timer !== undefined) deps.clearInterval(timer);
    timer = undefined;
  }

  async function resolveCavIds(id: string): Promise<void> {
    if (cavIds.size > 0) return;
    const list = await interactions.getCav({ interactionId: id });
    if (!Array.isArray(list)) return;
    for (const cav of list as Record<string, unknown>[]) {
      if (typeof cav['id'] === 'string' || typeof cav['id'] === 'number') {
        cavIds.set(`${String(cav['group'])}.${String(cav['name'])}`, String(cav['id']));
      }
    }
  }

  async function beforeDisposition(params: unknown): Promise<HookResult> {
    const id = interactionIdOf(params) ?? current;
    const proceed: HookResult = { status: { statusCode: sdk.HookStatusCode.Proceed } };
    if (!id) return proceed;
    try {
      const g = (await fetchGuidance(id)) ?? latest;
      if (!g) return proceed;
      latest = g;
      await resolveCavIds(id);
      const cavList: { id: string; value: string }[] = [];
      const scoreId = cavIds.get(config.scoreCav);
      const complianceId = cavIds.get(config.complianceCav);
      if (scoreId && g.score !== null) cavList.push({ id: scoreId, value: String(Math.round(g.score)) });
      if (complianceId) cavList.push({ id: complianceId, value: g.compliance });
      if (cavList.length) await interactions.setCav({ interactionId: id, cavList });
      else log('teachback: call variables not found; ask the admin to create them');
      const missed = g.missed.filter((m) => m.category === 'compliance');
      if (missed.length === 0) return proceed;
      return {
        status: {
          statusCode: sdk.HookStatusCode.Confirmation,
          messageHeader: 'Teachback: compliance item missed',
          message: `Not yet covered: ${missed.map((m) => m.title).join('; ')}. Disposition anyway?`,
        },
      };
    } catch (err) {
      // Never trap the agent: if Teachback is down, disposition goes ahead.
      log(`teachback: ${(err as Error).message}`);
      return proceed;
    }
  }

  interactions.subscribe({
    callStarted: start,
    callAccepted: start,
    chatAccepted: start,
    emailAccepted: start,
    callEnded: () => stop(),
    callFinished: () => {
      stop();
      current = undefined;
      latest = undefined;
      render();
    },
  });
  sdk.hookApi().registerApi({ beforeDisposition });
  render();
  return { current: () => current, refresh };
}
