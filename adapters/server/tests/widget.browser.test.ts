/// <reference lib="dom" />
// The agent widget in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// what an agent sees at 360 px, keyboard use, and that another agent's call is refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import { issueSessionToken, startServer, type RunningServer } from '../src';
import { AUDIENCE, ISSUER, SECRET, seed, type Fixture } from './fixture';

jest.setTimeout(60_000);

const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts');
const CHROMIUM = process.env.TEACHBACK_CHROMIUM ?? '/usr/bin/chromium';

let fx: Fixture;
let server: RunningServer;
let browser: Browser;
let page: Page;

const tokenFor = (userId: string) =>
  issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId: 'clinic' });

beforeAll(async () => {
  fx = await seed();
  server = await startServer({
    store: fx.store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 360, height: 740 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fx?.close();
});

describe('agent widget', () => {
  it('shows the agent the score, each criterion with status and evidence, escalations and coaching', async () => {
    const token = await tokenFor('alex');
    // The Genesys interaction widget URL with {{gcConversationId}} filled in, token in the fragment.
    await page.goto(`${server.url}/widget/?platform=genesys&externalId=conv-alex-1#access_token=${token}`);
    await page.getByRole('heading', { name: 'Interaction score' }).waitFor();

    // The token left the address bar at once.
    expect(page.url()).not.toContain('access_token');
    expect(await page.getByTestId('score').textContent()).toMatch(/^\d{1,3}$/);
    expect(await page.getByTestId('compliance').textContent()).toBe('Not compliant');

    const criteria = page.locator('#criteria > li');
    expect(await criteria.count()).toBeGreaterThan(3);
    const missed = page.locator('#criteria > li[data-status="missed"]');
    expect(await missed.count()).toBeGreaterThan(0);
    // Status is written out, not told by colour alone.
    expect(await missed.first().locator('.status').textContent()).toBe('✗ Missed');

    // Evidence opens from the keyboard and shows a timestamp and a quote.
    const withEvidence = page.locator('#criteria > li:has(details)').first();
    const summary = withEvidence.locator('summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await withEvidence.locator('details').getAttribute('open')).not.toBeNull();
    expect(await withEvidence.locator('details time').first().textContent()).toMatch(/^\d+:\d{2}$/);
    expect((await withEvidence.locator('details blockquote').first().textContent())!.length).toBeGreaterThan(
      0,
    );

    expect(await page.getByRole('heading', { name: 'Escalations' }).isVisible()).toBe(true);
    const notes = page.locator('#coaching > li');
    expect(await notes.count()).toBeGreaterThan(0);

    // Contrast: every text colour the widget uses meets WCAG AA (4.5:1) on its white background.
    const ratios = await page.evaluate(() => {
      const lum = (css: string) => {
        const [r, g, b] = css
          .match(/\d+/g)!
          .slice(0, 3)
          .map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const sel = ['.status', '.badge', '.note', '.tags', 'summary', '.meta', '.of', 'blockquote', 'time'];
      return sel.flatMap((q) =>
        Array.from(document.querySelectorAll(q)).map((n) => ({
          q,
          ratio: 1.05 / (lum(getComputedStyle(n).color) + 0.05),
        })),
      );
    });
    expect(ratios.length).toBeGreaterThan(5);
    for (const r of ratios) expect({ q: r.q, ok: r.ratio >= 4.5 }).toEqual({ q: r.q, ok: true });

    // Usable at 360 px: nothing wider than the panel.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget.png'), fullPage: true });
  });

  it('shows an escalation and lets the agent acknowledge it from the keyboard', async () => {
    // Same tab: the token is kept in session storage.
    await page.goto(`${server.url}/widget/?interaction=ix-alex-2`);
    const escalation = page.locator('#escalations > li[data-escalation="medical_emergency"]');
    await escalation.waitFor();
    expect(await escalation.locator('strong').textContent()).toMatch(/^Medical emergency · /);
    expect(await escalation.locator('blockquote').textContent()).toContain('chest pain');
    const button = escalation.getByRole('button', { name: 'Acknowledge' });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Escalation acknowledged.').waitFor();
    await escalation.locator('ul.actions').getByText('acknowledged by alex', { exact: false }).waitFor();
    expect(await escalation.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-escalation.png'), fullPage: true });
  });

  it('tells an admin, who may not open escalations, that the call has one instead of "None."', async () => {
    const admin = await browser.newPage({ viewport: { width: 360, height: 740 } });
    try {
      await admin.goto(`${server.url}/widget/?interaction=ix-alex-2#access_token=${await tokenFor('ada')}`);
      await admin.getByRole('heading', { name: 'Interaction score' }).waitFor();
      const note = admin.locator('#escalations > li.note');
      expect(await note.textContent()).toBe('1 escalation on this call; your role cannot open them.');
      expect(await admin.locator('#escalations > li[data-escalation]').count()).toBe(0);
    } finally {
      await admin.close();
    }
  });

  it('refuses another agent’s interaction', async () => {
    // Same tab: the token is kept in session storage.
    await page.goto(`${server.url}/widget/?interaction=ix-blair-1`);
    await page.getByText('This interaction is not available to you.').waitFor();
    expect(await page.locator('#card').isHidden()).toBe(true);
    expect(await page.locator('#criteria > li').count()).toBe(0);
  });

  it('asks a visitor without a token to sign in, and the form works from the keyboard', async () => {
    const fresh = await browser.newPage({ viewport: { width: 360, height: 740 } });
    try {
      await fresh.goto(`${server.url}/widget/?interaction=ix-blair-1`);
      await fresh.getByRole('heading', { name: 'Sign in' }).waitFor();
      await fresh.getByLabel('Access token').fill(await tokenFor('blair'));
      await fresh.keyboard.press('Enter');
      await fresh.getByRole('heading', { name: 'Interaction score' }).waitFor();
      expect(await fresh.getByTestId('compliance').textContent()).toBe('Compliant');
    } finally {
      await fresh.close();
    }
  });
});
