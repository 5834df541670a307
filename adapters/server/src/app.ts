import * as fs from 'node:fs';
import * as path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import { rateLimit } from 'express-rate-limit';
import {
  createConversationEndWebhook,
  type PipelineScheduler as GenesysScheduler,
  type ReplayGuard,
} from '@teachback/adapter-genesys';
import {
  createWebConnectorHandler,
  type PipelineScheduler as Five9Scheduler,
} from '@teachback/adapter-five9';
import { createLogger, type Logger } from '@teachback/adapter-logger';
import type { AccessContext, Platform, PlaybookCatalog, QuarantineSink, Store } from '@teachback/core';
import { createAuthenticator, type AuthConfig } from './auth';
import { httpError, toHttp, type ErrorBody } from './errors';
import { buildOpenApi } from './openapi';
import {
  ROUTES,
  surveyPage,
  type ConnectionOperations,
  type MetricsRouteOptions,
  type RouteDeps,
  type SyncOperations,
} from './routes';
import { parsePart } from './validate';
import type { LiveHub } from './live/hub';
import { liveEventRoutes } from './live/sse';

/** The widget's HTML, CSS and script, beside src/ and dist/ alike. */
export const WIDGET_DIR = path.resolve(__dirname, '..', 'public');

/**
 * The web app's bundle (adapters/web, built by `npm run build` into its dist/app). Resolved through
 * the package so it is found from src/ and dist/ alike; undefined when the package is absent.
 */
export const WEB_APP_DIR: string | undefined = (() => {
  try {
    return path.join(path.dirname(require.resolve('@teachback/web/package.json')), 'dist', 'app');
  } catch {
    return undefined;
  }
})();

/** Where the widget may be embedded: Genesys Cloud, Five9 and Salesforce desktops. */
export const DEFAULT_FRAME_ANCESTORS = [
  "'self'",
  'https://*.mypurecloud.com',
  'https://*.mypurecloud.ie',
  'https://*.mypurecloud.de',
  'https://*.mypurecloud.jp',
  'https://*.mypurecloud.com.au',
  'https://*.pure.cloud',
  'https://*.five9.com',
  'https://*.five9.eu',
  'https://*.lightning.force.com',
  'https://*.my.salesforce.com',
  'https://*.visualforce.com',
];

export interface ServerOptions {
  store: Store;
  /** What `/readyz` names as the store (`sqlite`, `postgres`); the port itself has no dialect. */
  storeKind?: string;
  auth: AuthConfig;
  /** The tenants' versioned playbooks (a store's `playbooks`). */
  playbooks: PlaybookCatalog;
  sync?: SyncOperations;
  /** `POST /v1/connections/{platform}`; without it the route answers 501. */
  connections?: ConnectionOperations;
  syncStreams?: ReadonlyArray<{ platform: Platform; stream: string }>;
  webhooks?: {
    genesys?: {
      /** Signing secrets of one tenant (current first), or undefined for an unknown tenant. */
      secretsFor(tenantId: string): readonly string[] | undefined;
      scheduler: GenesysScheduler;
      replay: ReplayGuard;
    };
    five9?: { secrets: readonly string[]; scheduler: Five9Scheduler; quarantine?: QuarantineSink };
  };
  logger?: Logger;
  /** Requests per minute per client address on /v1 (default 600). */
  rateLimitPerMinute?: number;
  frameAncestors?: readonly string[];
  /**
   * Origins whose pages may call /v1 from the browser (the Five9 CRM SDK panel runs in Five9's
   * desktop origin). `https://*.five9.com` matches any subdomain. Default: the platform desktops.
   */
  corsOrigins?: readonly string[];
  /** Express `trust proxy`: set when behind a load balancer so client addresses are right. */
  trustProxy?: boolean | number | string;
  /**
   * Live guidance (adapters/server/src/live): stream endpoint, screens' event streams, board.
   * `startServer` makes a single-instance hub (in-process fan-out, the catalog's playbooks) when
   * none is given; several instances need one over PostgreSQL or Redis (`fanoutFrom`). `false`: off.
   */
  live?: LiveHub | false;
  /** The fan-out of the hub `startServer` makes when `live` is not given (default: in-process). */
  liveFanout?: import('./live/fanout').LiveFanout;
  /** Per-connection limits of the WebSocket stream endpoint (`startServer` attaches it). */
  liveStream?: import('./live/stream').StreamLimits;
  /** Folder served at /app/ (default: the @teachback/web bundle). */
  webAppDir?: string;
  /** Metric definitions per tenant, the survey link secret, the optional summary judge. */
  metrics?: MetricsRouteOptions;
}

/** Express request with the caller attached by the auth middleware. */
type AuthedRequest = Request & { access?: AccessContext };

function sourceOf(req: Request): string {
  return req.ip ?? 'unknown';
}

/**
 * Builds the HTTP app: health, the REST API (every route validated by zod, authenticated, checked
 * by the core access policy through the Store, which audits every PHI read), the platform
 * webhooks, the OpenAPI document and the agent widget. It does not listen; the caller does.
 */
export function createServerApp(options: ServerOptions): express.Express {
  const log = options.logger ?? createLogger({ service: 'teachback-server' });
  const authenticator = createAuthenticator(options.store.tenants, options.auth, options.store.oversight);
  const deps: RouteDeps = {
    store: options.store,
    playbooks: options.playbooks,
    sync: options.sync,
    connections: options.connections,
    live: options.live || undefined,
    syncStreams: options.syncStreams ?? [
      { platform: 'genesys', stream: 'genesys:conversations:recent' },
      { platform: 'genesys', stream: 'genesys:conversations:backfill' },
    ],
    metrics: options.metrics,
  };
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(
    helmet({
      // The widget lives in other products' iframes: CSP frame-ancestors lists them, and the
      // all-or-nothing X-Frame-Options header is left off.
      frameguard: false,
      contentSecurityPolicy: {
        directives: {
          'frame-ancestors': [...(options.frameAncestors ?? DEFAULT_FRAME_ANCESTORS)],
          'script-src': ["'self'"],
          'connect-src': ["'self'"],
          // The web app's player streams recordings from the platform's (signed https) media URLs.
          'media-src': ["'self'", 'https:'],
        },
      },
    }),
  );

  // Access log: the route pattern, never the URL (ids and query strings stay out of the logs).
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      log.info('http', {
        method: req.method,
        route: pattern ? `${req.baseUrl}${pattern}` : req.baseUrl || '(unmatched)',
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      // Any round trip proves the database answers; a checkpoint read needs no actor.
      await options.store.sync.readCheckpoint('readiness-probe', 'teachback', 'readiness');
      res.json({ ok: true, store: options.storeKind });
    } catch {
      res.status(503).json({ ok: false, error: { code: 'SERVER.NOT_READY', message: 'store unavailable' } });
    }
  });
  const openapi = buildOpenApi(ROUTES, {
    genesys: Boolean(options.webhooks?.genesys),
    five9: Boolean(options.webhooks?.five9),
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(
    '/widget',
    express.static(WIDGET_DIR, { index: 'index.html', fallthrough: false, maxAge: 0, etag: true }),
  );

  mountWebApp(app, options.webAppDir ?? WEB_APP_DIR);
  mountWebhooks(app, options);
  // Teachback's post-call survey page: public, the signed single-use link is the credential.
  app.use(surveyPage(deps));

  const api = express.Router();
  api.use(corsFor(options.corsOrigins ?? DEFAULT_FRAME_ANCESTORS.filter((o) => o !== "'self'")));
  api.use(
    rateLimit({
      windowMs: 60_000,
      limit: options.rateLimitPerMinute ?? 600,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) => {
        res.status(429).json({ error: { code: 'HTTP.RATE_LIMITED', message: 'too many requests' } });
      },
    }),
  );
  api.use(express.json({ limit: '1mb', strict: true }));
  api.use((req: AuthedRequest, _res, next) => {
    const source = sourceOf(req);
    authenticator
      .authenticate(req.get('authorization'), source)
      .then((actor) => {
        req.access = { actor, source };
        next();
      })
      .catch(next);
  });
  // Server-Sent Events for the agent's live mode and the supervisor board (not JSON routes).
  api.use(liveEventRoutes(() => options.live || undefined, options.store));
  for (const spec of ROUTES) {
    api[spec.method](
      spec.path.replace(/^\/v1/, ''),
      (req: AuthedRequest, res: Response, next: NextFunction) => {
        const ctx = req.access!;
        Promise.resolve()
          .then(() => {
            const params = spec.params ? parsePart(spec.params, req.params, 'path') : {};
            const query = parsePart(spec.query ?? strictEmpty, { ...req.query }, 'query');
            const body = spec.body
              ? parsePart(spec.body, req.body, 'body')
              : req.body !== undefined && Object.keys(req.body as object).length > 0
                ? parsePart(strictEmpty, req.body, 'body')
                : undefined;
            return spec.handler({ ctx, tenantId: ctx.actor.tenantId, params, query, body } as never, deps);
          })
          .then((result) => {
            const status = spec.status ?? 200;
            if (status === 204 || result === undefined) res.status(status === 200 ? 204 : status).end();
            else res.status(status).json(result);
          })
          .catch(next);
      },
    );
  }
  api.use((_req, _res, next) => next(httpError('HTTP.NOT_FOUND', 'no such route')));
  app.use('/v1', api);

  app.use((_req: Request, _res: Response, next: NextFunction) =>
    next(httpError('HTTP.NOT_FOUND', 'no such route')),
  );
  // Express recognises an error handler by its four parameters.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = toHttp(err);
    const statusOf = (err as { status?: unknown }).status;
    if (body.error.code === 'SERVER.INTERNAL' && typeof statusOf === 'number' && statusOf === 404) {
      res.status(404).json({ error: { code: 'HTTP.NOT_FOUND', message: 'no such file' } });
      return;
    }
    if (status >= 500) {
      // Only the code and error class: messages from drivers can quote values.
      log.error('request failed', {
        route: req.baseUrl,
        method: req.method,
        errorClass: (err as Error | undefined)?.name ?? 'unknown',
        code: (err as { code?: unknown } | undefined)?.code ?? null,
      });
    }
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    if (body.error.code === 'LIVE.SLOW_DOWN') res.set('Retry-After', '1');
    res.status(status).json(body);
  });
  return app;
}

// A route without a query or body schema takes none: anything sent is an unknown field.
const strictEmpty = z.strictObject({});

/** Answers CORS for the listed origins only; bearer tokens, never cookies, so no credentials mode. */
function corsFor(origins: readonly string[]) {
  const patterns = origins.map((o) => {
    const [head, tail] = o.split('*') as [string, string | undefined];
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    // A `*` stands for one or more DNS labels, nothing else: no slashes, no other scheme.
    return new RegExp(
      `^${esc(head)}${tail === undefined ? '' : `[a-z0-9-]+(?:\\.[a-z0-9-]+)*${esc(tail)}`}$`,
    );
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && patterns.some((p) => p.test(origin))) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.set('Access-Control-Allow-Methods', 'GET, POST, PUT');
        res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
        res.set('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

/**
 * The platform adapters answer `{ ok: false, code, message }`; a refusal leaves the server in the
 * API's one error shape so a client (or an admin reading a delivery log) parses a single format.
 */
function webhookError(code: string | undefined, message: string | undefined): ErrorBody {
  return { error: { code: code ?? 'WEBHOOK.REFUSED', message: message ?? 'refused' } };
}

/**
 * The web app at /app/: its files, and index.html for every other /app path so a reload or a
 * bookmark of /app/calls/<id> opens the same screen (the app routes on the client). Only the
 * static shell is public; every datum comes from /v1 with the user's token.
 */
function mountWebApp(app: express.Express, dir: string | undefined): void {
  const index = dir ? path.join(dir, 'index.html') : undefined;
  if (dir) app.use('/app', express.static(dir, { index: 'index.html', maxAge: 0, etag: true }));
  app.get('/app/{*rest}', (_req, res, next) => {
    if (!index || !fs.existsSync(index)) {
      next(httpError('HTTP.NOT_FOUND', 'the web app is not built: run npm run build'));
      return;
    }
    res.sendFile(index);
  });
}

function mountWebhooks(app: express.Express, options: ServerOptions): void {
  const raw = express.raw({ type: () => true, limit: '256kb' });
  const genesys = options.webhooks?.genesys;
  if (genesys) {
    const handlers = new Map<string, ReturnType<typeof createConversationEndWebhook>>();
    app.post('/webhooks/genesys/:tenantId', raw, (req, res, next) => {
      const tenantId = String(req.params.tenantId);
      const secrets = /^[a-z0-9][a-z0-9_-]{0,62}$/.test(tenantId) ? genesys.secretsFor(tenantId) : undefined;
      if (!secrets || secrets.length === 0) {
        res.status(404).json(webhookError('WEBHOOK.UNKNOWN_TENANT', 'no webhook for this tenant'));
        return;
      }
      const key = `${tenantId}\n${secrets.join('\n')}`;
      let handle = handlers.get(key);
      if (!handle) {
        handle = createConversationEndWebhook({
          tenantId,
          secrets,
          scheduler: genesys.scheduler,
          replay: genesys.replay,
        });
        handlers.set(key, handle);
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      handle(req.headers, body)
        .then((r) => {
          res.status(r.status).json(r.status >= 400 ? webhookError(r.body.code, r.body.message) : r.body);
        })
        .catch(next);
    });
  }
  const five9 = options.webhooks?.five9;
  if (five9) {
    const handle = createWebConnectorHandler({
      secrets: five9.secrets,
      scheduler: five9.scheduler,
      ...(five9.quarantine ? { quarantine: five9.quarantine } : {}),
    });
    app.all('/webhooks/five9', raw, (req, res, next) => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : undefined;
      handle(req.method, req.query as Record<string, string | string[] | undefined>, headers, body)
        .then((r) => {
          res.status(r.status).set(r.headers);
          if (r.status === 204) res.end();
          else res.send(JSON.stringify(r.status >= 400 ? webhookError(r.body.code, r.body.message) : r.body));
        })
        .catch(next);
    });
  }
}
