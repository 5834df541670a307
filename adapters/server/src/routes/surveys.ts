import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { SurveyResponse } from '@teachback/core';
import { httpError } from '../errors';
import { metricsOptions } from './metrics';
import { IdParams, listOf, route, type RouteDeps, type RouteSpec } from './route';
import { newSurveyNonce, signSurveyToken, verifySurveyToken } from './survey-link';

/** The two questions of Teachback's own survey; ids are what the stored answers carry. */
export const SURVEY_QUESTIONS = {
  answered: { id: 'answered-questions', kind: 'yes_no', text: 'Did the agent answer your questions today?' },
  recommend: { id: 'recommend', kind: 'nps', text: 'How likely are you to recommend us?' },
} as const;

export interface MintedSurveyLink {
  url: string;
  expiresAt: string;
}

/**
 * Mints a signed, single-use, expiring link for one interaction (the route and `teachback
 * survey-link` both use it). Needs `survey.secret` in the tenant's metric definitions.
 */
export async function mintSurveyLink(
  deps: Pick<RouteDeps, 'store' | 'metrics'>,
  ctx: Parameters<RouteSpec['handler']>[0]['ctx'],
  tenantId: string,
  interactionId: string,
  baseUrl?: string,
): Promise<MintedSurveyLink> {
  const opts = metricsOptions(deps as RouteDeps);
  const defs = opts.definitionsFor(tenantId);
  const secret = defs.survey.secret;
  if (!secret)
    throw httpError('SERVER.NOT_CONFIGURED', 'survey links need survey.secret in the metrics definitions');
  const now = (opts.clock ?? (() => new Date()))();
  const expiresAt = new Date(now.getTime() + defs.survey.ttlHours * 3_600_000);
  const nonce = newSurveyNonce();
  await deps.store.surveys.recordLink(ctx, tenantId, {
    nonce,
    interactionId,
    expiresAt: expiresAt.toISOString(),
  });
  const token = signSurveyToken(secret, { tenantId, nonce, expiresAt });
  const base = (baseUrl ?? defs.survey.baseUrl ?? '').replace(/\/+$/, '');
  return { url: `${base}/survey/${token}`, expiresAt: expiresAt.toISOString() };
}

export const SURVEY_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'post',
    path: '/v1/interactions/:id/survey-link',
    summary:
      "Mints a signed, single-use, expiring link to Teachback's 2-question survey for a platform's SMS/email flow",
    tag: 'surveys',
    params: IdParams,
    status: 201,
    handler: ({ ctx, tenantId, params }, deps) => mintSurveyLink(deps, ctx, tenantId, params.id),
  }),
  route({
    method: 'get',
    path: '/v1/interactions/:id/surveys',
    summary: 'Survey answers given about one interaction',
    tag: 'surveys',
    params: IdParams,
    handler: async ({ ctx, tenantId, params }, deps) =>
      listOf(await deps.store.surveys.listForInteraction(ctx, tenantId, params.id)),
  }),
  route({
    method: 'post',
    path: '/v1/surveys',
    summary:
      "Stores a platform's survey answers (Genesys Quality survey, Five9 IVR survey, Salesforce SurveyResponse)",
    tag: 'surveys',
    body: SurveyResponse,
    status: 204,
    handler: async ({ ctx, tenantId, body }, deps) => {
      await deps.store.surveys.save(ctx, tenantId, body);
      return undefined;
    },
  }),
];

const SurveyForm = z.strictObject({
  answered: z.enum(['yes', 'no']).optional(),
  recommend: z
    .string()
    .regex(/^(10|[0-9])$/, 'a whole number from 0 to 10')
    .optional(),
});

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}label{margin-right:.6rem;white-space:nowrap}button{font-size:1rem;padding:.5rem 1.2rem}</style></head><body>${body}</body></html>`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function form(token: string, error?: string): string {
  const nps = Array.from(
    { length: 11 },
    (_, n) => `<label><input type="radio" name="recommend" value="${n}"> ${n}</label>`,
  ).join(' ');
  return page(
    'A quick question about your call',
    `<h1>How did we do?</h1>${error ? `<p role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/survey/${esc(token)}">
<fieldset><legend>${SURVEY_QUESTIONS.answered.text}</legend>
<label><input type="radio" name="answered" value="yes"> Yes</label>
<label><input type="radio" name="answered" value="no"> No</label></fieldset>
<fieldset><legend>${SURVEY_QUESTIONS.recommend.text} (0 = not at all, 10 = extremely)</legend>${nps}</fieldset>
<button type="submit">Send</button></form>`,
  );
}

const CLOSED = {
  invalid: page(
    'Survey link not valid',
    '<h1>This link is not valid</h1><p>Please check you opened the whole link from your message.</p>',
  ),
  expired: page(
    'Survey closed',
    '<h1>This survey has closed</h1><p>The link has expired. Thank you for your time.</p>',
  ),
  used: page(
    'Already answered',
    '<h1>You have already answered</h1><p>This survey link can be used once, and it has been. Thank you!</p>',
  ),
  thanks: page('Thank you', '<h1>Thank you</h1><p>Your answers have been recorded.</p>'),
};

/**
 * The public survey page: GET shows the two questions, POST records the answers. Nothing about
 * the caller or the call is on the page or in the link; a bad, expired or used link gets a page
 * that says so. Unauthenticated by design: the signed token is the credential.
 */
export function surveyPage(deps: Pick<RouteDeps, 'store' | 'metrics'>): express.Router {
  const router = express.Router();
  const opts = () => metricsOptions(deps as RouteDeps);
  const check = async (token: string) => {
    const now = (opts().clock ?? (() => new Date()))();
    let claims = null;
    // The tenant is only known from the token; its secret verifies it.
    try {
      const unverified = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
        t?: unknown;
      };
      const secret =
        typeof unverified.t === 'string' ? opts().definitionsFor(unverified.t).survey.secret : undefined;
      claims = secret ? verifySurveyToken(secret, token) : null;
    } catch {
      claims = null;
    }
    if (!claims) return { state: 'invalid' as const };
    if (claims.expiresAt.getTime() <= now.getTime()) return { state: 'expired' as const };
    const state = await deps.store.surveys.linkState(claims.tenantId, claims.nonce);
    if (state === 'unknown') return { state: 'invalid' as const };
    return { state, claims, now };
  };
  const send = (res: Response, status: number, html: string) => {
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .set('Referrer-Policy', 'no-referrer')
      .type('html')
      .send(html);
  };
  router.get('/survey/:token', (req: Request, res: Response, next) => {
    const token = String(req.params.token);
    check(token)
      .then((c) => {
        if (c.state === 'ok') send(res, 200, form(token));
        else send(res, c.state === 'invalid' ? 404 : 410, CLOSED[c.state]);
      })
      .catch(next);
  });
  router.post(
    '/survey/:token',
    express.urlencoded({ extended: false, limit: '4kb' }),
    (req: Request, res: Response, next) => {
      const token = String(req.params.token);
      check(token)
        .then(async (c) => {
          if (c.state !== 'ok') return send(res, c.state === 'invalid' ? 404 : 410, CLOSED[c.state]);
          const parsed = SurveyForm.safeParse({ ...(req.body as object) });
          if (!parsed.success || (!parsed.data.answered && !parsed.data.recommend))
            return send(res, 400, form(token, 'Please answer at least one question.'));
          const answers = [
            ...(parsed.data.answered
              ? [
                  {
                    questionId: SURVEY_QUESTIONS.answered.id,
                    kind: 'yes_no' as const,
                    value: parsed.data.answered === 'yes' ? 1 : 0,
                  },
                ]
              : []),
            ...(parsed.data.recommend
              ? [
                  {
                    questionId: SURVEY_QUESTIONS.recommend.id,
                    kind: 'nps' as const,
                    value: Number(parsed.data.recommend),
                  },
                ]
              : []),
          ];
          const outcome = await deps.store.surveys.redeemLink(c.claims.tenantId, c.claims.nonce, {
            id: `teachback-survey:${c.claims.nonce}`,
            // The store ties the answers to the link's interaction; this reference is informational.
            interaction: { platform: 'teachback', externalId: c.claims.nonce },
            source: 'teachback',
            submittedAt: c.now.toISOString(),
            answers,
          });
          if (outcome === 'ok') send(res, 200, CLOSED.thanks);
          else send(res, outcome === 'used' ? 410 : 404, CLOSED[outcome === 'used' ? 'used' : 'invalid']);
        })
        .catch(next);
    },
  );
  return router;
}
