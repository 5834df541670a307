// A seeded store behind a running server, and small request helpers, for route tests.
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import { issueSessionToken, startServer, type RunningServer } from '../src';
import { AUDIENCE, ISSUER, SECRET, seed, type Fixture } from './fixture';

export interface Harness {
  fx: Fixture;
  server: RunningServer;
  as(userId: string): Promise<string>;
  call(
    method: string,
    route: string,
    auth: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const fx = await seed();
  const server = await startServer({
    store: fx.store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
  });
  return {
    fx,
    server,
    as: async (userId) =>
      `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId, tenantId: 'clinic' })}`,
    async call(method, route, auth, body) {
      const res = await fetch(`${server.url}${route}`, {
        method,
        headers: {
          Authorization: auth,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    async close() {
      await server.close();
      await fx.close();
    },
  };
}
