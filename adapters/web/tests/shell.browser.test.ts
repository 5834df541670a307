/// <reference lib="dom" />
// The app shell in headless Chromium: sign-in from the fragment, role-aware menu, an agent's
// calls list holds only their calls, and the sign-in form when no token is given.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openAs, screenshot, startWebHarness, type WebHarness } from './harness';

jest.setTimeout(60_000);

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

describe('web app shell', () => {
  it('serves the app with a CSP that allows only its own scripts', async () => {
    const res = await fetch(`${h.server.url}/app/calls/anything`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<script src="/app/app.js"></script>');
  });

  it('asks for a token when none is given, and signs in with one', async () => {
    await page.goto(`${h.server.url}/app/`);
    await page.getByRole('heading', { name: 'Sign in to Teachback' }).waitFor();
    await page.getByLabel('Access token').fill(await h.token('sam'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('Sam Supervisor');
  });

  it('takes the token from the fragment and removes it from the address bar', async () => {
    await openAs(page, h, 'sam');
    expect(page.url()).not.toContain('access_token');
    await screenshot(page, 'shell-supervisor-1280');
  });

  it('shows an agent only their own calls', async () => {
    await openAs(page, h, 'alex', '/app/calls');
    await page.getByTestId('calls-table').waitFor();
    const agents = await page
      .locator('[data-testid="calls-table"] tbody tr td:nth-child(2)')
      .allTextContents();
    expect(agents.length).toBeGreaterThan(0);
    expect(new Set(agents)).toEqual(new Set(['ga-alex']));
  });

  it('keeps the menu usable on a 360 px phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openAs(page, h, 'sam', '/app/calls');
    const toggle = page.getByRole('button', { name: 'Menu' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calls' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'shell-supervisor-360');
  });
});
