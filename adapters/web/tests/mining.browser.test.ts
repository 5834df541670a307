/// <reference lib="dom" />
// The mining pages in headless Chromium: a supervisor accepts a suggestion with its evidence in
// view, an agent sees only approved library calls (de-identified, moments marked) and their
// milestones, and the monthly review is built from the page.
import type { Browser, Page } from 'playwright-core';
import type { ExemplaryCall, Suggestion } from '@teachback/core';
import { launchBrowser, openAs, screenshot, startWebHarness, type WebHarness } from './harness';
import { system, TENANT } from './seed';

jest.setTimeout(90_000);

let h: WebHarness;
let browser: Browser;
let page: Page;

const suggestion: Suggestion = {
  id: 'sug-web-1',
  kind: 'add-criterion',
  callType: 'scheduling',
  outcome: 'fcr',
  playbookId: 'healthcare-inbound',
  title: 'New criterion: Says "let me confirm the time back to you"',
  note: 'mined from 214 calls, effect OR 2.40 (95 % CI 1.70–3.39) on fcr',
  calls: 214,
  finding: {
    key: 'phrase:agent:confirm the time',
    kind: 'phrase',
    direction: 'helps',
    label: 'agent says "confirm the time"',
    phrase: 'confirm the time',
    effect: { oddsRatio: 2.4, logOddsRatio: Math.log(2.4), ci: [1.7, 3.39], p: 1e-6, q: 1e-4 },
    calls: 214,
    universe: 900,
    successWith: 0.71,
    successWithout: 0.5,
    examples: [
      { interactionId: 'ix-alex-1', utterance: 4, quote: 'Let me confirm the time back to you, [NAME].' },
    ],
  },
  criterion: {
    id: 'mined-confirm-the-time',
    title: 'Says "confirm the time"',
    category: 'adherence',
    severity: 'low',
    weight: 1,
    tip: 'Confirm the time back.',
    rule: { require: [{ speaker: 'agent', phrases: ['confirm the time'], negation: 'exclude' }] },
  },
};

const exemplar = (id: string, text: string): ExemplaryCall => ({
  interactionId: id,
  callType: 'scheduling',
  score: 97,
  transcript: [
    { speaker: 'agent', text: 'Thanks for calling, this call may be recorded.' },
    { speaker: 'customer', text },
    { speaker: 'agent', text: 'Let me confirm the time back to you.' },
  ],
  moments: [
    {
      utterance: 2,
      speaker: 'agent',
      quote: 'Let me confirm the time back to you.',
      shows: 'phrase:agent:confirm the time',
      label: 'agent says "confirm the time"',
    },
  ],
});

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchBrowser();
  const sup = system(['supervisor']);
  await h.seeded.store.mining.saveSuggestions(sup, TENANT, [suggestion]);
  await h.seeded.store.mining.proposeLibrary(sup, TENANT, [
    exemplar('ix-blair-1', 'Hi, my name is [NAME], I need to move my appointment.'),
    exemplar('ix-blair-2', 'Not yet approved call'),
  ]);
  await h.seeded.store.mining.reviewLibrary(sup, TENANT, 'lib-ix-blair-1', 'approved');
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

describe('mining pages', () => {
  it('a supervisor reviews a suggestion with its evidence and accepts it', async () => {
    await openAs(page, h, 'sam', '/app/mining/suggestions');
    const card = page.getByTestId('suggestion').first();
    await card.waitFor();
    expect(await card.textContent()).toContain('odds ratio 2.40');
    expect(await card.textContent()).toContain('Let me confirm the time back to you, [NAME].');
    await screenshot(page, 'mining-suggestions');
    await card.getByRole('button', { name: 'Accept' }).click();
    await page.getByText('Accepted; waiting for an admin to publish.').waitFor();
    const stored = await h.seeded.store.mining.getSuggestion(system(['supervisor']), TENANT, 'sug-web-1');
    expect(stored.status).toBe('accepted');
  });

  it('shows an agent approved library calls only, with the moments marked', async () => {
    await openAs(page, h, 'alex', '/app/library');
    await page.getByTestId('library-entry').first().waitFor();
    expect(await page.getByTestId('library-entry').count()).toBe(1);
    await page.getByText(/Transcript \(3 turns, 1 marked moments\)/).click();
    expect(await page.locator('li.moment').count()).toBe(1);
    expect(await page.content()).not.toContain('Not yet approved call');
    await screenshot(page, 'mining-library-agent');
  });

  it('shows an agent their milestones and next skill', async () => {
    await openAs(page, h, 'alex', '/app/milestones');
    await page.getByTestId('next-skill').waitFor();
    expect(await page.getByRole('heading', { name: 'Met consistently' }).count()).toBe(1);
  });

  it('builds the monthly review from the page', async () => {
    await openAs(page, h, 'sam', '/app/mining/review');
    await page.getByRole('button', { name: 'Build the review' }).click();
    await page.getByTestId('monthly-review').waitFor();
    expect(await page.getByTestId('monthly-review').textContent()).toContain('Rules taking effect soon');
    await screenshot(page, 'mining-monthly-review');
  });
});
