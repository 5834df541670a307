/// <reference lib="dom" />
// The oversight journeys in headless Chromium, with screenshots kept under test-artifacts/web/:
// a supervisor works an escalation (acknowledge → route → resolve → review), a compliance
// officer finds who viewed a patient, an admin edits and publishes a playbook and the next
// scoring uses it. Plus: an agent's menu has none of these pages.
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml, stringify } from 'yaml';
import { launchBrowser, openAs, screenshot, startWebHarness, type WebHarness } from './harness';
import { scoredCall, system, TENANT, CALLS } from './seed';
import { importTranscript, scoreTranscript } from '@teachback/core';
import { loadCompiledPlaybook } from '@teachback/config';

jest.setTimeout(120_000);

/** Synthetic: a caller reports chest pain; 555-01xx numbers are reserved for fiction. */
const PATIENT_PHONE = '+15550100177';
const CRISIS_CALL = [
  '[00:00] Agent: Riverbend Health, this call may be recorded. This is Alex.',
  '[00:05] Caller: hi, I am calling about my appointment next week',
  '[00:22] Caller: also I have had crushing chest pain since this morning and my left arm is numb',
  '[00:30] Agent: That can be serious. Please hang up and call 911 right now.',
].join('\n');

let h: WebHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startWebHarness({ jobs: true });
  const base = scoredCall({ ...CALLS[0]!, id: 'ix-crisis-1', hoursAgo: 1, recording: false }, h.seeded.now);
  const { transcript } = importTranscript(CRISIS_CALL, { fileName: 'crisis.txt' });
  const scored = scoreTranscript(transcript, loadCompiledPlaybook('healthcare-inbound'), {
    interactionId: 'ix-crisis-1',
    callDate: new Date(h.seeded.now).toISOString().slice(0, 10),
    scoredAt: new Date(h.seeded.now).toISOString(),
  });
  expect(scored.escalations.length).toBeGreaterThan(0);
  await h.seeded.store.interactions.save(system(['integration']), TENANT, {
    ...base,
    interaction: {
      ...base.interaction,
      transcript,
      participants: [
        { role: 'agent', userId: 'ga-alex' },
        { role: 'customer', phone: PATIENT_PHONE },
      ],
      contact: { phones: [PATIENT_PHONE], emails: [] },
    },
    scorecard: scored.scorecard,
    escalations: scored.escalations,
    coaching: scored.coaching,
  });
  browser = await launchBrowser();
});
beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterEach(async () => {
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('oversight in the browser', () => {
  it('a supervisor works an escalation: acknowledge → route → resolve → review', async () => {
    await openAs(page, h, 'sam', '/app/escalations');
    const table = page.getByTestId('escalation-table');
    await table.waitFor();
    expect(await page.getByTestId('escalation-counts').textContent()).toContain('Open 1');
    await screenshot(page, 'oversight-escalations-queue');
    await table.getByRole('link', { name: /Medical emergency/ }).click();
    await page.getByRole('heading', { name: /Medical emergency/ }).waitFor();
    expect(page.url()).toMatch(/\/app\/escalations\/ix-crisis-1\/\d+$/);

    // Keyboard only for the first action.
    await page.getByRole('button', { name: 'Acknowledge' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('action-done').waitFor();
    await page.getByLabel('Routed to (for Route)').fill('911');
    await page.getByRole('button', { name: 'Route' }).click();
    await page.getByTestId('action-history').getByText('911').waitFor();
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('action-history').getByRole('cell', { name: 'Resolved' }).waitFor();
    const history = await page
      .getByTestId('action-history')
      .locator('tbody tr td:nth-child(2)')
      .allTextContents();
    expect(history).toEqual(['Acknowledged', 'Routed', 'Resolved']);
    const by = await page.getByTestId('action-history').locator('tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(by)).toEqual(new Set(['sam']));

    await page.getByLabel('What happened').fill('Caller told to hang up and dial 911 within 30 seconds.');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('Lessons').fill('Stay on the line until emergency services answer.');
    await page.getByRole('button', { name: 'Save review' }).click();
    await page.getByTestId('review-done').waitFor();
    await screenshot(page, 'oversight-escalation-reviewed');

    await page.getByRole('link', { name: '← Escalation queue' }).click();
    await table.waitFor();
    const row = table.locator('tbody tr').first();
    expect(await row.textContent()).toContain('Resolved');
    expect(await row.textContent()).toContain('Reviewed');
    expect(await row.textContent()).toContain('911');

    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'oversight-escalations-360');
  });

  it('a compliance officer finds who viewed a patient; the phone number never reaches the URL', async () => {
    expect((await h.call('GET', '/v1/interactions/ix-crisis-1', 'quinn')).status).toBe(200);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await openAs(page, h, 'cora', '/app/audit');
    await page.getByTestId('chain-status').getByText('Intact').waitFor();
    await page.getByLabel('Patient identifier').selectOption('phone');
    await page.getByTestId('patient-input').fill('(555) 010-0177');
    await page.getByLabel('Action').selectOption('phi.read');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const who = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(who).toContain('user:quinn');
    const what = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(what.every((w) => w.includes('ix-crisis-1'))).toBe(true);
    await screenshot(page, 'oversight-audit-who-viewed');
    expect(urls.some((u) => u.includes('0100177') || u.includes('010-0177'))).toBe(false);
    expect(page.url()).not.toContain('0177');

    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'oversight-audit-360');
  });

  it('an admin edits and publishes a playbook, and the next scoring uses the new version', async () => {
    await openAs(page, h, 'ada', '/app/admin/playbooks');
    await page.getByTestId('playbooks-table').getByRole('link').first().waitFor();
    const id = 'healthcare-inbound';
    await page.goto(`${h.server.url}/app/admin/playbooks/${id}`);
    const editor = page.getByTestId('yaml-editor');
    await editor.waitFor();
    const original = await editor.inputValue();
    const doc = parseYaml(original) as {
      criteria: Array<Record<string, unknown>>;
      live?: Array<Record<string, unknown>>;
    };
    const dropped = String(doc.criteria[0]!.id);

    // A mistake first: the problem is shown at its line and the button puts the cursor there.
    const wrong = stringify({
      ...doc,
      criteria: [{ ...doc.criteria[1], weight: 'heavy' }, ...doc.criteria.slice(2)],
    });
    await editor.fill(wrong);
    await page.getByRole('button', { name: 'Check' }).click();
    const problems = page.getByTestId('yaml-problems');
    await problems.waitFor();
    const goto = problems.getByRole('button', { name: /Line \d+, column \d+/ });
    const line = Number(/Line (\d+)/.exec((await goto.textContent()) ?? '')![1]);
    expect(wrong.split('\n')[line - 1]).toContain('weight: heavy');
    await goto.click();
    const cursorLine = await editor.evaluate((el) => {
      const a = el as HTMLTextAreaElement;
      return a.value.slice(0, a.selectionStart).split('\n').length;
    });
    expect(cursorLine).toBe(line);
    expect(await page.getByText(`Line ${line}, column`, { exact: false }).count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'oversight-playbook-problem-at-line');

    // The fix, tried on a transcript, then published.
    // Live prompts serving the dropped criterion go with it (the checker refuses a dangling one).
    await editor.fill(
      stringify({
        ...doc,
        criteria: doc.criteria.slice(1),
        live: doc.live?.filter((p) => p.criterion !== dropped),
      }),
    );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('check-done').waitFor();
    await page.getByLabel('Transcript').fill(CRISIS_CALL);
    await page.getByRole('button', { name: 'Score with the draft' }).click();
    await page.getByTestId('try-result').getByText('version draft').waitFor();
    await page.getByLabel('What changed').fill(`Drop ${dropped}`);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('In force from (call date)').fill(yesterday);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('publish-done').getByText('Published version 2').waitFor();
    await page
      .getByTestId('versions-table')
      .getByRole('button', { name: 'Compare version 2 with 1' })
      .click();
    const diff = page.getByTestId('diff');
    await diff.waitFor();
    expect(await diff.locator('.del').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(dropped)]),
    );
    await screenshot(page, 'oversight-playbook-published');

    const next = await h.call('POST', '/v1/admin/playbooks/try', 'ada', {
      playbookId: id,
      transcript: CRISIS_CALL,
    });
    expect(next.json.playbook).toEqual({ id, version: 2 });
    expect(next.json.findings.map((f: { criterionId: string }) => f.criterionId)).not.toContain(dropped);
  });

  it('an admin syncs a connection now, and asking again reports the sync on its way', async () => {
    await h.seeded.store.tenants.writeConnection(system(['admin']), TENANT, {
      id: 'genesys',
      platform: 'genesys',
      settings: { region: 'mypurecloud.com' },
      credentials: { clientId: 'synthetic-client', clientSecret: 'synthetic-secret' },
    });
    await openAs(page, h, 'ada', '/app/admin/connections');
    const button = page.getByRole('button', { name: 'Sync genesys now' });
    await button.click();
    await page.getByTestId('sync-done').getByText('genesys: sync queued').waitFor();
    await button.click();
    await page.getByTestId('sync-done').getByText('genesys: a sync is already queued').waitFor();
    await screenshot(page, 'oversight-connections-sync-now');
    const jobs = await h.ledger!.all(TENANT);
    expect(jobs.map((j) => [j.platform, j.step, j.state, j.payload['trigger']])).toEqual([
      ['genesys', 'sync', 'queued', 'admin'],
    ]);
  });

  it('gives an agent none of these pages in the menu, and the API refuses them', async () => {
    await openAs(page, h, 'alex', '/app/calls');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Escalations', 'Audit trail', 'Playbooks', 'Users', 'API keys', 'Connections'])
      expect(await nav.getByRole('link', { name }).count()).toBe(0);
    for (const path of ['/v1/oversight/escalations', '/v1/admin/users'])
      expect((await h.call('GET', path, 'alex')).status).toBe(403);
  });
});
