/**
 * The SOQL subset the Teachback connector and @salesforce/core send:
 * `SELECT f, ... | COUNT() FROM T [WHERE c AND c ...] [ORDER BY f [ASC|DESC], ...] [LIMIT n]`
 * where a condition is `field op literal` or `field IN (literal, ...)`. Datetime literals are
 * unquoted, as in real SOQL; quoting one is an error there and here.
 */
export type Literal = string | number | boolean | null | { datetime: number };

export interface Condition {
  field: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN';
  value: Literal | Literal[];
}

export interface SoqlQuery {
  count: boolean;
  fields: string[];
  from: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  limit?: number;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

const TOKEN = /\s*(\(|\)|,|!=|<=|>=|=|<|>|'(?:[^'\\]|\\.)*'|[A-Za-z0-9_.:+-]+)/y;

function tokenize(soql: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < soql.length && (m = TOKEN.exec(soql))) out.push(m[1]!);
  if (soql.slice(TOKEN.lastIndex).trim() !== '')
    throw new SoqlError('MALFORMED_QUERY', 'unexpected character');
  return out;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

function literal(token: string | undefined): Literal {
  if (token === undefined) throw new SoqlError('MALFORMED_QUERY', 'missing value');
  if (token.startsWith("'")) {
    const inner = token.slice(1, -1).replace(/\\(.)/g, '$1');
    if (DATETIME.test(inner)) throw new SoqlError('MALFORMED_QUERY', 'datetime literals must not be quoted');
    return inner;
  }
  const lower = token.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (DATETIME.test(token)) return { datetime: Date.parse(token) };
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new SoqlError('MALFORMED_QUERY', `unexpected token ${token}`);
}

export function parseSoql(soql: string): SoqlQuery {
  const t = tokenize(soql);
  let i = 0;
  const kw = (word: string) => t[i]?.toUpperCase() === word;
  const expect = (word: string) => {
    if (!kw(word)) throw new SoqlError('MALFORMED_QUERY', `expected ${word}`);
    i++;
  };
  expect('SELECT');
  const fields: string[] = [];
  let count = false;
  if (kw('COUNT') && t[i + 1] === '(' && t[i + 2] === ')') {
    count = true;
    i += 3;
  } else {
    for (;;) {
      const f = t[i++];
      if (!f || f === ',') throw new SoqlError('MALFORMED_QUERY', 'expected a field');
      fields.push(f);
      if (t[i] !== ',') break;
      i++;
    }
  }
  expect('FROM');
  const from = t[i++];
  if (!from) throw new SoqlError('MALFORMED_QUERY', 'expected an object');
  const where: Condition[] = [];
  if (kw('WHERE')) {
    i++;
    for (;;) {
      const field = t[i++];
      const op = t[i++]?.toUpperCase();
      if (!field || !op) throw new SoqlError('MALFORMED_QUERY', 'incomplete condition');
      if (op === 'IN') {
        if (t[i++] !== '(') throw new SoqlError('MALFORMED_QUERY', 'expected (');
        const values: Literal[] = [];
        while (t[i] !== ')') {
          values.push(literal(t[i++]));
          if (t[i] === ',') i++;
          else if (t[i] !== ')') throw new SoqlError('MALFORMED_QUERY', 'expected , or )');
        }
        i++;
        where.push({ field, op: 'IN', value: values });
      } else if (['=', '!=', '<', '<=', '>', '>='].includes(op)) {
        where.push({ field, op: op as Condition['op'], value: literal(t[i++]) });
      } else throw new SoqlError('MALFORMED_QUERY', `unsupported operator ${op}`);
      if (!kw('AND')) break;
      i++;
    }
  }
  const orderBy: SoqlQuery['orderBy'] = [];
  if (kw('ORDER')) {
    i++;
    expect('BY');
    for (;;) {
      const field = t[i++];
      if (!field) throw new SoqlError('MALFORMED_QUERY', 'expected an order field');
      let desc = false;
      if (kw('ASC')) i++;
      else if (kw('DESC')) {
        desc = true;
        i++;
      }
      orderBy.push({ field, desc });
      if (t[i] !== ',') break;
      i++;
    }
  }
  let limit: number | undefined;
  if (kw('LIMIT')) {
    i++;
    limit = Number(t[i++]);
    if (!Number.isInteger(limit)) throw new SoqlError('MALFORMED_QUERY', 'bad LIMIT');
  }
  if (i !== t.length) throw new SoqlError('MALFORMED_QUERY', `unexpected ${t[i]}`);
  return { count, fields, from, where, orderBy, ...(limit !== undefined ? { limit } : {}) };
}

type Row = Record<string, unknown>;

function comparable(v: unknown): number | string | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && DATETIME.test(v)) return Date.parse(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

function litValue(l: Literal): number | string | boolean | null {
  return l !== null && typeof l === 'object' ? l.datetime : l;
}

function matches(row: Row, c: Condition): boolean {
  const left = comparable(row[c.field]);
  if (c.op === 'IN') return (c.value as Literal[]).some((v) => left === litValue(v));
  const right = litValue(c.value as Literal);
  switch (c.op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    default: {
      if (left === null || right === null) return false;
      if (c.op === '<') return left < right;
      if (c.op === '<=') return left <= right;
      if (c.op === '>') return left > right;
      return left >= right;
    }
  }
}

/** Runs a parsed query over rows whose allowed fields are `known`. */
export function runSoql(q: SoqlQuery, rows: Iterable<Row>, known: ReadonlySet<string>): Row[] {
  for (const f of [...q.fields, ...q.where.map((w) => w.field), ...q.orderBy.map((o) => o.field)]) {
    if (!known.has(f)) throw new SoqlError('INVALID_FIELD', `No such column '${f}' on entity '${q.from}'`);
  }
  let out = [...rows].filter((r) => q.where.every((c) => matches(r, c)));
  if (q.orderBy.length > 0) {
    out.sort((a, b) => {
      for (const o of q.orderBy) {
        const x = comparable(a[o.field]);
        const y = comparable(b[o.field]);
        if (x === y) continue;
        // Salesforce sorts nulls first ascending.
        const cmp = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return o.desc ? -cmp : cmp;
      }
      return 0;
    });
  }
  if (q.limit !== undefined) out = out.slice(0, q.limit);
  return out;
}
