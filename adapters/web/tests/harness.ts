// Boots the server (with the web app at /app/) on a seeded store, and small helpers for API and
// browser tests: tokens per user, JSON calls, and a headless Chromium with screenshots kept under
// test-artifacts/web/ (git-ignored).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger } from '@teachback/adapter-logger';
import {
  issueSessionToken,
  startServer,
  type RunningServer,
  type SyncOperations,
} from '@teachback/adapter-server';
import { JobLedger, migrateJobs, requestSyncNow } from '@teachback/adapter-store';
import { seedStore, TENANT, type Seeded } from './seed';

export const SECRET = 'web-test-signing-secret-of-at-least-32-chars';
export const ISSUER = 'https://idp.web.test.example';
export const AUDIENCE = 'teachback-web';
export const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'web');
const CHROMIUM = process.env.TEACHBACK_CHROMIUM ?? '/usr/bin/chromium';

/** A parsed JSON answer; tests index into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test-side convenience over untyped JSON
export type Json = any;

export interface WebHarness {
  seeded: Seeded;
  server: RunningServer;
  /** The job ledger behind sync health, dead letters and "sync now" (with `{ jobs: true }`). */
  ledger?: JobLedger;
  token(userId: string): Promise<string>;
  call(
    method: string,
    route: string,
    userId: string | null,
    body?: unknown,
  ): Promise<{ status: number; json: Json; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** Sync operations on the store's job ledger, as `teachback serve` has them (no workers run here). */
function ledgerSync(ledger: JobLedger): SyncOperations {
  return {
    status: async (tenantId) => ({ source: 'ledger', pending: await ledger.pending(tenantId) }),
    deadLetters: (tenantId) => ledger.deadLetters(tenantId),
    retryDeadLetter: async (tenantId, key) => ({ key, revived: await ledger.revive(tenantId, key) }),
    syncNow: (tenantId, platform) => requestSyncNow(ledger, tenantId, platform),
  };
}

export async function startWebHarness(opts: { jobs?: boolean } = {}): Promise<WebHarness> {
  const seeded = await seedStore();
  let ledger: JobLedger | undefined;
  if (opts.jobs) {
    await migrateJobs(seeded.store.driver);
    ledger = new JobLedger(seeded.store.driver);
  }
  const server = await startServer({
    ...(ledger ? { sync: ledgerSync(ledger) } : {}),
    store: seeded.store,
    storeKind: 'sqlite',
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: seeded.store.playbooks,
    logger: createLogger({ level: 'error', service: 'web-test' }),
    rateLimitPerMinute: 100_000,
  });
  const token = (userId: string) =>
    issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId: TENANT });
  return {
    seeded,
    server,
    ...(ledger ? { ledger } : {}),
    token,
    async call(method, route, userId, body) {
      const res = await fetch(`${server.url}${route}`, {
        method,
        headers: {
          ...(userId ? { Authorization: `Bearer ${await token(userId)}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return { status: res.status, json, text, headers: res.headers };
    },
    async close() {
      await server.close();
      await seeded.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
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
}

/** Opens the app signed in as `userId` (token in the fragment, as an OIDC redirect brings it). */
export async function openAs(page: Page, h: WebHarness, userId: string, at = '/app/'): Promise<void> {
  await page.goto(`${h.server.url}${at}#access_token=${await h.token(userId)}`);
  await page.getByTestId('who').waitFor();
}

/** Keeps a screenshot as a test artifact: test-artifacts/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
