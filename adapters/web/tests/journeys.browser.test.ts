/// <reference lib="dom" />
// The supervisor's and the agent's main journeys in headless Chromium, with screenshots kept in
// test-artifacts/web/: supervisor finds the worst calls this week → reviews one → assigns
// coaching; agent disputes a finding → supervisor accepts it → the score changes.
import type { Browser, Page } from 'playwright-core';
import { contrastFailures } from './contrast';
import { launchBrowser, openAs, screenshot, startWebHarness, type WebHarness } from './harness';

jest.setTimeout(90_000);

let h: WebHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startWebHarness();
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

async function scoreCells(p: Page): Promise<number[]> {
  const texts = await p.locator('[data-testid="calls-table"] tbody tr td:nth-child(6)').allTextContents();
  return texts.map(Number);
}

describe('supervisor journey', () => {
  it('finds the worst calls this week, reviews the worst one and assigns coaching from a missed finding', async () => {
    await openAs(page, h, 'sam', '/app/calls');
    await page.getByRole('button', { name: 'Worst calls this week' }).click();
    await page.getByText('The lowest-scored calls this week (the last seven days).').waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="calls-table"] th[aria-sort="ascending"]'),
    );
    const scores = await scoreCells(page);
    expect(scores.length).toBeGreaterThan(0);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    // Only team-1's calls: casey (team-2) is not in sam's list.
    const agents = await page
      .locator('[data-testid="calls-table"] tbody tr td:nth-child(2)')
      .allTextContents();
    expect(agents).not.toContain('ga-casey');
    expect(page.url()).toBe(`${h.server.url}/app/calls`);
    await screenshot(page, 'supervisor-1-worst-calls');
    expect(await contrastFailures(page)).toEqual([]);

    await page.locator('[data-testid="calls-table"] tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Call of / }).waitFor();
    expect(await page.getByTestId('review-score').textContent()).toBe(String(Math.round(scores[0]!)));
    expect(await page.getByTestId('review-playbook').textContent()).toMatch(
      /^healthcare-inbound · version \S+$/,
    );
    expect(await page.locator('[data-testid="transcript"] li').count()).toBeGreaterThan(3);
    // Findings sit inline at their evidence in the transcript.
    expect(await page.locator('[data-testid="transcript"] .finding-inline').count()).toBeGreaterThan(0);
    await screenshot(page, 'supervisor-2-review');
    expect(await contrastFailures(page)).toEqual([]);

    const missedTitle = (await page
      .locator('[data-testid="findings"] li[data-status="missed"] strong')
      .first()
      .textContent())!;
    await page.getByLabel('Focus criterion').selectOption({ label: `${missedTitle} (✗ Missed)` });
    await page.getByLabel('Note for the agent').fill('Practise the disclosure at the start of the call.');
    await page.getByRole('button', { name: 'Assign coaching' }).click();
    await page.getByText(/^Coaching assigned to ga-alex, due /).waitFor();
    await screenshot(page, 'supervisor-3-coaching-assigned');

    const tasks = await h.call('GET', '/v1/coaching-tasks?assignee=ga-alex', 'sam');
    expect(tasks.json.items).toHaveLength(1);
    expect(tasks.json.items[0]).toMatchObject({ assignee: 'ga-alex', status: 'open' });
    expect(tasks.json.items[0].source.criterionId).toBeDefined();
    expect(tasks.json.items[0].notes[0].text).toBe('Practise the disclosure at the start of the call.');

    // The agent sees it in their coaching list.
    const agentPage = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await openAs(agentPage, h, 'alex', '/app/coaching');
    await agentPage.getByTestId('coaching-table').waitFor();
    expect(await agentPage.getByTestId('coaching-counts').textContent()).toContain('Open 1');
    const overflow = await agentPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(agentPage, 'agent-coaching-360');
    await agentPage.close();
  });

  it('drills down from the dashboard into the calls behind a criterion', async () => {
    await openAs(page, h, 'sam', '/app/dashboard');
    await page.getByTestId('chart-criteria').waitFor();
    await screenshot(page, 'supervisor-dashboard');
    expect(await contrastFailures(page)).toEqual([]);
    const worst = page.locator('[data-testid="worst-criteria"] li button').first();
    const criterion = (await worst.textContent())!;
    await worst.click();
    await page.getByText(`Showing the calls behind: calls that missed ${criterion} this month`).waitFor();
    await page.getByTestId('calls-table').waitFor();
    expect(await page.locator('#calls-criterionMissed').inputValue()).toBe(criterion);
    expect(page.url()).toBe(`${h.server.url}/app/calls`);
    expect(await page.getByTestId('cc-metrics').count()).toBe(0);
  });
});

describe('agent journey', () => {
  it('disputes a finding; the supervisor accepts it and the score changes', async () => {
    await openAs(page, h, 'blair', '/app/calls');
    await page.getByTestId('calls-table').waitFor();
    const agents = await page
      .locator('[data-testid="calls-table"] tbody tr td:nth-child(2)')
      .allTextContents();
    expect(new Set(agents)).toEqual(new Set(['f9-blair']));
    await page.goto(`${h.server.url}/app/calls/ix-blair-2`);
    await page.getByRole('heading', { name: /^Call of / }).waitFor();
    const before = Number(await page.getByTestId('review-score').textContent());
    const missed = page.locator('[data-testid="findings"] li[data-status="missed"]').first();
    const criterionId = await missed.getAttribute('data-criterion');
    await missed.getByRole('button', { name: 'Dispute this finding' }).click();
    await missed.getByLabel('It should be').selectOption('met');
    await missed.getByLabel('Why').fill('I confirmed identity with the date of birth at 0:20.');
    await screenshot(page, 'agent-1-dispute-form');
    await missed.getByRole('button', { name: 'Send dispute' }).click();
    await page.getByText('Your dispute was sent to your supervisor.').waitFor();
    await page.getByTestId('disputes').waitFor();
    await screenshot(page, 'agent-2-dispute-sent');

    // An agent cannot open another agent's call.
    await page.goto(`${h.server.url}/app/calls/ix-alex-1`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/not allowed|not found/i);

    const sup = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openAs(sup, h, 'sam', '/app/disputes');
    await sup.getByTestId('disputes-table').waitFor();
    await sup.getByTestId('disputes-table').getByRole('link', { name: 'Review' }).first().click();
    await sup.getByTestId('disputes').waitFor();
    await sup.getByRole('button', { name: 'Accept and override' }).click();
    await sup.getByText(/^Dispute accepted: the finding is overridden; score/).waitFor();
    await sup.waitForFunction(
      (b) => Number(document.querySelector('[data-testid="review-score"]')?.textContent) !== b,
      before,
    );
    const after = Number(await sup.getByTestId('review-score').textContent());
    expect(after).toBeGreaterThan(before);
    expect(
      await sup
        .locator(`[data-testid="findings"] li[data-criterion="${criterionId}"]`)
        .getAttribute('data-status'),
    ).toBe('met');
    await screenshot(sup, 'supervisor-4-dispute-accepted');
    await sup.close();

    await page.goto(`${h.server.url}/app/calls/ix-blair-2`);
    await page.getByTestId('review-score').waitFor();
    expect(Number(await page.getByTestId('review-score').textContent())).toBe(after);
    expect(await page.locator('[data-testid="disputes"] li').first().getAttribute('data-status')).toBe(
      'accepted',
    );
  });

  it('is keyboard operable: skip link, menu and a call link reached with Tab', async () => {
    await openAs(page, h, 'blair', '/app/calls');
    await page.getByTestId('calls-table').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () =>
          (document.activeElement as HTMLElement | null)?.closest('[data-testid="calls-table"] tbody') !==
          null,
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Call of / }).waitFor();
  });
});
