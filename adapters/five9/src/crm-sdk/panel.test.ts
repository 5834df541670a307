import * as path from 'node:path';
import * as vm from 'node:vm';
import { build } from 'esbuild';
import { installTeachbackPanel, renderPanel, type CrmSdk, type HookResult, type LiveGuidance } from './panel';

const PROCEED = { code: 'proceed' };
const CONFIRM = { code: 'confirm' };

function fakeSdk() {
  const state = {
    handlers: {} as Record<string, (p: unknown) => void>,
    templates: [] as string[],
    cavWrites: [] as unknown[],
    beforeDisposition: undefined as undefined | ((p: unknown) => Promise<HookResult>),
  };
  const sdk: CrmSdk = {
    interactionApi: () => ({
      subscribe: (h) => Object.assign(state.handlers, h),
      setCav: async (arg) => void state.cavWrites.push(arg),
      getCav: async () => [
        { id: '101', group: 'Teachback', name: 'Score' },
        { id: '102', group: 'Teachback', name: 'Compliance' },
        { id: '7', group: 'Call', name: 'ANI' },
      ],
    }),
    hookApi: () => ({ registerApi: (h) => void (state.beforeDisposition = h.beforeDisposition) }),
    customComponentsApi: () => ({
      registerCustomComponents: ({ template }) => void state.templates.push(template),
    }),
    HookStatusCode: { Proceed: PROCEED, Confirmation: CONFIRM },
  };
  return { sdk, state };
}

function guidanceServer(g: LiveGuidance | (() => LiveGuidance)) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  return {
    calls,
    fetch: async (url: string, init: { headers: Record<string, string> }) => {
      calls.push({ url, headers: init.headers });
      return { ok: true, status: 200, json: async () => (typeof g === 'function' ? g() : g) };
    },
  };
}

const timers = { setInterval: () => 1, clearInterval: () => undefined };
const flush = () => new Promise((r) => setImmediate(r));

describe('Teachback CRM SDK panel', () => {
  it('shows live score and prompts for the accepted call', async () => {
    const { sdk, state } = fakeSdk();
    const server = guidanceServer({
      score: 72,
      compliance: 'pending',
      prompts: [{ id: 'p1', text: 'Verify date of birth <now>' }],
      missed: [],
    });
    const panel = installTeachbackPanel(
      sdk,
      { apiBase: 'https://tb.example.org', token: 'agent-token' },
      { fetch: server.fetch, ...timers },
    );
    state.handlers['callAccepted']!({ callData: { interactionId: 'IX-1' } });
    await flush();
    expect(panel.current()).toBe('IX-1');
    expect(server.calls[0]).toEqual({
      url: 'https://tb.example.org/v1/live/five9/IX-1',
      headers: { Accept: 'application/json', Authorization: 'Bearer agent-token' },
    });
    const last = state.templates[state.templates.length - 1]!;
    expect(last).toContain('location="3rdPartyComp-li-call-tab"');
    expect(last).toContain('Score: <b>72</b>');
    expect(last).toContain('Verify date of birth &lt;now&gt;');
  });

  it('sets score and compliance call variables before disposition, and proceeds when nothing is missed', async () => {
    const { sdk, state } = fakeSdk();
    const server = guidanceServer({
      score: 91.6,
      compliance: 'pass',
      prompts: [],
      missed: [{ id: 'c9', title: 'Empathy', category: 'soft-skill' }],
    });
    installTeachbackPanel(sdk, { apiBase: 'https://tb.example.org' }, { fetch: server.fetch, ...timers });
    state.handlers['callStarted']!({ callData: { interactionId: 'IX-2' } });
    const result = await state.beforeDisposition!({ interactionId: 'IX-2' });
    expect(result).toEqual({ status: { statusCode: PROCEED } });
    expect(state.cavWrites).toEqual([
      {
        interactionId: 'IX-2',
        cavList: [
          { id: '101', value: '92' },
          { id: '102', value: 'pass' },
        ],
      },
    ]);
  });

  it('asks for confirmation when a compliance item is still missed', async () => {
    const { sdk, state } = fakeSdk();
    const server = guidanceServer({
      score: 60,
      compliance: 'fail',
      prompts: [],
      missed: [{ id: 'hipaa-id', title: 'Verify identity (two identifiers)', category: 'compliance' }],
    });
    installTeachbackPanel(sdk, { apiBase: 'https://tb.example.org' }, { fetch: server.fetch, ...timers });
    state.handlers['callAccepted']!({ callData: { interactionId: 'IX-3' } });
    const result = await state.beforeDisposition!({});
    expect(result.status.statusCode).toBe(CONFIRM);
    expect(result.status.message).toBe(
      'Not yet covered: Verify identity (two identifiers). Disposition anyway?',
    );
    expect(state.cavWrites).toHaveLength(1);
  });

  it('never blocks disposition when Teachback is unreachable or answers nonsense', async () => {
    const { sdk, state } = fakeSdk();
    const logs: string[] = [];
    const down = async () => ({ ok: false, status: 503, json: async () => ({}) });
    installTeachbackPanel(
      sdk,
      { apiBase: 'https://tb.example.org' },
      { fetch: down, ...timers, log: (m) => logs.push(m) },
    );
    state.handlers['callAccepted']!({ callData: { interactionId: 'IX-4' } });
    expect((await state.beforeDisposition!({})).status.statusCode).toBe(PROCEED);
    const { sdk: sdk2, state: state2 } = fakeSdk();
    installTeachbackPanel(
      sdk2,
      { apiBase: 'https://tb.example.org' },
      { fetch: guidanceServer({ score: 'high' } as never).fetch, ...timers, log: (m) => logs.push(m) },
    );
    state2.handlers['callAccepted']!({ callData: { interactionId: 'IX-5' } });
    expect((await state2.beforeDisposition!({})).status.statusCode).toBe(PROCEED);
    expect(logs).toContain('teachback: guidance request failed (HTTP 503)');
    expect(logs).toContain('teachback: guidance response did not match the expected shape');
  });

  it('stops polling when the call ends and clears the panel after disposition', async () => {
    const { sdk, state } = fakeSdk();
    const cleared: unknown[] = [];
    installTeachbackPanel(
      sdk,
      { apiBase: 'https://tb.example.org' },
      {
        fetch: guidanceServer({ score: 50, compliance: 'pending', prompts: [], missed: [] }).fetch,
        setInterval: () => 'timer-1',
        clearInterval: (h) => void cleared.push(h),
      },
    );
    state.handlers['callAccepted']!({ callData: { interactionId: 'IX-6' } });
    state.handlers['callEnded']!({});
    state.handlers['callFinished']!({});
    expect(cleared).toEqual(['timer-1']);
    expect(state.templates[state.templates.length - 1]).toBe(
      renderPanel('3rdPartyComp-li-call-tab', undefined),
    );
  });

  it('rejects a bad config naming the field', () => {
    const { sdk } = fakeSdk();
    expect(() =>
      installTeachbackPanel(
        sdk,
        { apiBase: 'not a url' },
        { fetch: guidanceServer({} as never).fetch, ...timers },
      ),
    ).toThrow(/apiBase/);
  });
});

describe('browser bundle', () => {
  it('builds with esbuild and installs itself on window.Five9.CrmSdk', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { options } = require(path.join(__dirname, '..', '..', 'scripts', 'build-crm-sdk.js'));
    const out = await build(options({ write: false }));
    const code = out.outputFiles![0]!.text;
    expect(code.length).toBeLessThan(60_000);
    const { sdk, state } = fakeSdk();
    const context = vm.createContext({
      Five9: { CrmSdk: sdk },
      TeachbackFive9Config: { apiBase: 'https://tb.example.org' },
      fetch: guidanceServer({ score: 80, compliance: 'pass', prompts: [], missed: [] }).fetch,
      setInterval: () => 1,
      clearInterval: () => undefined,
      setTimeout,
      URL,
      console,
    });
    vm.runInContext(code, context);
    expect(state.templates).toHaveLength(1);
    expect(typeof state.beforeDisposition).toBe('function');
    expect(Object.keys(state.handlers)).toEqual(
      expect.arrayContaining(['callAccepted', 'callFinished', 'chatAccepted']),
    );
  });
});
