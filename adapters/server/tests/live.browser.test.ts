/// <reference lib="dom" />
// Live guidance in headless Chromium (/usr/bin/chromium via playwright-core): during a simulated
// call streamed through the HTTP fallback, the agent's live mode shows a prompt and removes it
// when the agent does the thing; a crisis puts a safety card on the agent's screen and an alert
// on the supervisor's board, which the supervisor acknowledges.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import {
  InProcessFanout,
  LiveHub,
  catalogSessions,
  hashApiKey,
  issueSessionToken,
  startServer,
  type RunningServer,
} from '../src';
import { AUDIENCE, ISSUER, SECRET, seed, type Fixture } from './fixture';
import { utter } from './live-support';

jest.setTimeout(90_000);

const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts');
const CHROMIUM = process.env.TEACHBACK_CHROMIUM ?? '/usr/bin/chromium';
const KEY = 'browser-live-key-0123456789abcdef';

let fx: Fixture;
let hub: LiveHub;
let server: RunningServer;
let browser: Browser;
let agent: Page;
let supervisor: Page;

const tokenFor = (userId: string) =>
  issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId: 'clinic' });

async function stream(pathname: string, body: unknown): Promise<number> {
  const res = await fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { Authorization: `ApiKey ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}
const say = (...idx: number[]) =>
  stream('/v1/live/calls/br-1/utterances', { utterances: idx.map((i) => utter(i)) });

beforeAll(async () => {
  fx = await seed();
  hub = new LiveHub({
    live: fx.store.live,
    sessions: catalogSessions(fx.store.playbooks),
    fanout: new InProcessFanout(),
    tickMs: 0,
  });
  server = await startServer({
    store: fx.store,
    auth: {
      oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET },
      apiKeys: [{ id: 'bridge', tenantId: 'clinic', sha256: hashApiKey(KEY) }],
    },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    live: hub,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  agent = await browser.newPage({ viewport: { width: 360, height: 740 } });
  supervisor = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await hub?.close();
  await fx?.close();
});

describe('live guidance in the browser', () => {
  it('shows the agent a prompt that appears and clears, and lets a supervisor acknowledge a crisis alert', async () => {
    expect(
      await stream('/v1/live/calls', {
        callId: 'br-1',
        agentId: 'ga-alex',
        platform: 'genesys',
        externalId: 'conv-br-1',
      }),
    ).toBe(201);

    await agent.goto(`${server.url}/widget/?mode=live&callId=br-1#access_token=${await tokenFor('alex')}`);
    await agent.getByRole('heading', { name: 'Live guidance' }).waitFor();
    await agent.getByText('Listening. No prompts right now.').waitFor();
    expect(agent.url()).not.toContain('access_token');

    await supervisor.goto(`${server.url}/widget/live/board.html#access_token=${await tokenFor('sam')}`);
    await supervisor.getByRole('heading', { name: 'Calls in progress' }).waitFor();
    await supervisor.locator('[data-call-id="br-1"]').waitFor();

    // The caller asks about results before identity is verified: the order guard appears.
    expect(await say(0, 1)).toBe(200);
    const guard = agent.locator('li.prompt[data-kind="order_guard"]');
    await guard.waitFor();
    await expect(guard.getByRole('button', { name: /^Dismiss/ }).count()).resolves.toBe(1);
    await agent.screenshot({ path: path.join(ARTIFACTS, 'live-agent-prompt.png') });
    const guardId = await guard.getAttribute('data-event-id');

    // The agent verifies two identifiers: the prompt leaves the screen.
    expect(await say(2, 3)).toBe(200);
    await guard.waitFor({ state: 'detached' });

    // A medical emergency: a safety card for the agent (no dismiss), an alert on the board.
    expect(await say(4)).toBe(200);
    const card = agent.locator('li.prompt[data-kind="protocol_card"]');
    await card.waitFor();
    expect(await card.getAttribute('role')).toBe('alert');
    expect(await card.getByRole('button').count()).toBe(0);

    const alert = supervisor.locator('[data-call-id="br-1"] li.prompt[data-kind="supervisor_alert"]');
    await alert.waitFor();
    await supervisor.locator('[data-call-id="br-1"] summary').click();
    await supervisor.getByText('crushing chest pain', { exact: false }).waitFor();
    await supervisor.screenshot({ path: path.join(ARTIFACTS, 'live-board-alert.png') });
    await alert.getByRole('button', { name: /^Acknowledge/ }).click();
    await alert.waitFor({ state: 'detached' });
    await supervisor.getByText('Recorded: acknowledged.').waitFor();

    // What the post-call review shows: the guard shown then followed, the alert acknowledged by the supervisor.
    const review = await fx.store.live.review('clinic', 'br-1');
    const g = review!.prompts.find((p) => p.event.id === guardId)!;
    expect(g.outcomes.map((o) => [o.outcome, o.actor])).toEqual(
      expect.arrayContaining([
        ['shown', 'user:alex'],
        ['followed', 'engine'],
      ]),
    );
    const alertEvent = review!.prompts.find((p) => p.event.kind === 'supervisor_alert')!;
    expect(review!.actions.map((a) => [a.eventId, a.action, a.actor])).toEqual([
      [alertEvent.event.id, 'acknowledged', 'user:sam'],
    ]);
  });
});
