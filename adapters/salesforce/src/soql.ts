import { ConnectorError } from '@teachback/connector-kit';
import type { SalesforceClient } from '@teachback/connector-salesforce';

/** A SOQL string literal: backslashes and quotes escaped, so an id or key can never end the literal. */
export const soqlString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Ids per `IN (...)` clause: 200 ids of 18 characters keep a query far below SOQL's length limit. */
export const IN_CHUNK = 200;

/** Queries per `/composite` call: Salesforce allows at most 5 queries or collections in one. */
const QUERIES_PER_COMPOSITE = 5;

const chunks = <T>(xs: readonly T[], n: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

type Row = Record<string, unknown>;

/**
 * Runs several queries, up to five per `/composite` call (Salesforce counts the call once). Each
 * answer that is paged (more than one page of records) is read again with `queryPages`.
 * A failed query throws a coded ConnectorError (`SALESFORCE.INVALID_TYPE` when the org has no
 * such object), never the platform's message text.
 */
export async function queryMany(client: SalesforceClient, soqls: readonly string[]): Promise<Row[][]> {
  const out: Row[][] = [];
  for (const batch of chunks(soqls, QUERIES_PER_COMPOSITE)) {
    const answers = await client.composite(
      batch.map((q, i) => ({
        method: 'GET',
        url: `/query?q=${encodeURIComponent(q)}`,
        referenceId: `q${i}`,
      })),
      { allOrNone: false },
    );
    for (let i = 0; i < batch.length; i++) {
      const a = answers.find((x) => x.referenceId === `q${i}`);
      const body = a?.body as { done?: boolean; records?: Row[] } | Row[] | null | undefined;
      if (!a || a.httpStatusCode >= 300 || !body || Array.isArray(body) || !Array.isArray(body.records)) {
        const code = Array.isArray(body)
          ? (body[0] as { errorCode?: string } | undefined)?.errorCode
          : undefined;
        throw new ConnectorError(
          `SALESFORCE.${code ?? 'MALFORMED_RESPONSE'}`,
          `query: ${code ?? 'unexpected response shape'}`,
          { status: a?.httpStatusCode ?? 500, details: { reason: code ?? 'MALFORMED_RESPONSE' } },
        );
      }
      out.push(body.done === false ? await client.queryAll(batch[i]!) : body.records);
    }
  }
  return out;
}

/**
 * `SELECT fields FROM sobject WHERE field IN (ids) [AND where]`, the ids in chunks of 200, the
 * chunks five to a `/composite` call: a page of 2,000 records costs at most two API calls.
 */
export async function selectIn(
  client: SalesforceClient,
  q: {
    fields: readonly string[];
    from: string;
    field: string;
    ids: Iterable<string>;
    where?: readonly string[];
  },
): Promise<Row[]> {
  const ids = [...new Set(q.ids)];
  if (ids.length === 0) return [];
  const soqls = chunks(ids, IN_CHUNK).map(
    (c) =>
      `SELECT ${q.fields.join(', ')} FROM ${q.from} WHERE ${[`${q.field} IN (${c.map(soqlString).join(', ')})`, ...(q.where ?? [])].join(' AND ')}`,
  );
  return (await queryMany(client, soqls)).flat();
}
