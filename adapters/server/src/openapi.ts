import { z } from 'zod';
import type { RouteSpec } from './routes';

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType): JsonSchema {
  // Request schemas are described as clients send them (before transforms).
  return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function parametersOf(s: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!s) return [];
  const js = schemaOf(s);
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema,
  }));
}

const ERROR = {
  description: 'error: `{ error: { code, message, fields? } }`',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/** Which platform webhooks this server mounts: only those are described. */
export interface ServedWebhooks {
  genesys: boolean;
  five9: boolean;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate each route. */
export function buildOpenApi(
  routes: readonly RouteSpec[],
  webhooks: ServedWebhooks = { genesys: false, five9: false },
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${p.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters: [...parametersOf(r.params, 'path'), ...parametersOf(r.query, 'query')],
      responses: {
        [String(r.status ?? 200)]: { description: 'success' },
        '400': ERROR,
        '401': ERROR,
        '403': ERROR,
        '404': ERROR,
        '429': ERROR,
      },
    };
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body) } } };
    paths[p] = { ...(paths[p] ?? {}), [r.method]: op };
  }
  paths['/healthz'] = {
    get: { summary: 'Liveness', security: [], responses: { '200': { description: 'up' } } },
  };
  paths['/readyz'] = {
    get: {
      summary: 'Readiness: the store answers',
      security: [],
      responses: { '200': { description: 'ready' }, '503': ERROR },
    },
  };
  if (webhooks.genesys)
    paths['/webhooks/genesys/{tenantId}'] = {
      post: {
        summary: 'Genesys conversation-end event (EventBridge or process automation), HMAC-signed',
        security: [],
        parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '202': { description: 'scheduled' },
          '200': { description: 'duplicate' },
          '400': ERROR,
          '401': ERROR,
          '404': ERROR,
        },
      },
    };
  if (webhooks.five9) {
    const connector = {
      summary: 'Five9 Web Connector (tb_tenant, tb_key, tb_event, call_id)',
      security: [],
      responses: { '200': { description: 'scheduled or ignored' }, '400': ERROR, '401': ERROR },
    };
    // Five9 connectors send GET with a query or POST with a form; both are served.
    paths['/webhooks/five9'] = { get: connector, post: connector };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Teachback API', version: '1' },
    security: [{ bearer: [] }, { apiKey: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`ApiKey <key>`' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
