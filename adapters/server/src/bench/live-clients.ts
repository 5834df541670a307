// Clients for the live tests and the bench: a transcriber on the WebSocket stream endpoint and a
// screen reading Server-Sent Events the way the widget does (fetch, token in a header).
/* eslint-disable @typescript-eslint/no-explicit-any -- the wire format is JSON the tests pick apart */
import WebSocket from 'ws';

export interface SseEvent {
  type: string;
  id: string;
  data: any;
  at: number;
}

export interface SseClient {
  events: SseEvent[];
  status: number;
  waitFor(pred: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
  closed: Promise<void>;
}

export async function sse(url: string, auth: string, onEvent?: (e: SseEvent) => void): Promise<SseClient> {
  const ac = new AbortController();
  const res = await fetch(url, {
    headers: { Authorization: auth, Accept: 'text/event-stream' },
    signal: ac.signal,
  });
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  const closed = (async () => {
    if (!res.ok || !res.body) return;
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const f: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const j = line.indexOf(': ');
            if (j > 0) f[line.slice(0, j)] = line.slice(j + 2);
          }
          if (!f.event) continue;
          const e: SseEvent = {
            type: f.event,
            id: f.id ?? '',
            data: JSON.parse(f.data ?? 'null'),
            at: performance.now(),
          };
          events.push(e);
          onEvent?.(e);
          for (const w of [...waiters]) {
            if (w.pred(e)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(e);
            }
          }
        }
      }
    } catch {
      // aborted or the server went away
    }
  })();
  return {
    events,
    status: res.status,
    closed,
    waitFor(pred, ms = 10_000) {
      const have = events.find(pred);
      if (have) return Promise.resolve(have);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching event within ${ms} ms`)), ms);
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      });
    },
    close: () => ac.abort(),
  };
}

export interface StreamClient {
  ws: WebSocket;
  replies: any[];
  send(m: unknown): void;
  /** Sends and waits for the reply naming `ref` (ack or error). */
  request(m: unknown, ref: string, ms?: number): Promise<any>;
  waitFor(pred: (r: any) => boolean, ms?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens the stream; rejects with the HTTP status when the upgrade is refused. */
export function stream(baseUrl: string, auth: string | undefined): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/v1/live/stream`, {
      headers: auth ? { Authorization: auth } : {},
    });
    const replies: any[] = [];
    const waiters: { pred: (r: any) => boolean; resolve: (r: any) => void; reject: (e: Error) => void }[] =
      [];
    ws.on('message', (d) => {
      const r = JSON.parse(d.toString());
      replies.push(r);
      for (const w of [...waiters]) {
        if (w.pred(r)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(r);
        }
      }
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => {
        r({ code, reason: reason.toString() });
        // Nothing more will come: whoever waits for a reply learns it now, not at its timeout.
        for (const w of waiters.splice(0)) w.reject(new Error(`stream closed (${code})`));
      }),
    );
    ws.on('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error('refused'), { status: res.statusCode })),
    );
    ws.on('error', (err) => reject(err));
    ws.on('open', () => {
      const waitFor = (pred: (r: any) => boolean, ms = 10_000) => {
        const have = replies.find(pred);
        if (have) return Promise.resolve(have);
        return new Promise((res, rej) => {
          const t = setTimeout(() => rej(new Error(`no matching reply within ${ms} ms`)), ms);
          waiters.push({
            pred,
            resolve: (x) => {
              clearTimeout(t);
              res(x);
            },
            reject: (e) => {
              clearTimeout(t);
              rej(e);
            },
          });
        });
      };
      resolve({
        ws,
        replies,
        send: (m) => ws.send(JSON.stringify(m)),
        request(m, ref, ms) {
          // Only replies after this send count: a resend gets its own ack.
          const from = replies.length;
          ws.send(JSON.stringify(m));
          return waitFor((r) => r.ref === ref && replies.indexOf(r) >= from, ms);
        },
        waitFor,
        closed,
        close: () => ws.close(),
      });
    });
  });
}

/** A synthetic call (fictional caller) that raises an identity guard, then a medical emergency. */
export const CRISIS_SCRIPT: { speaker: 'agent' | 'customer'; text: string }[] = [
  { speaker: 'agent', text: 'Riverbend Health, this is Alex, how can I help you today?' },
  { speaker: 'customer', text: 'I am calling about my lab results from last week' },
  { speaker: 'agent', text: 'Sure, can you confirm your full name and date of birth?' },
  { speaker: 'customer', text: 'Jordan Sample, March third nineteen seventy' },
  {
    speaker: 'customer',
    text: 'and I have had crushing chest pain since this morning and my left arm is numb',
  },
  { speaker: 'agent', text: 'Please hang up and call 911 right now, I will stay on the line' },
];

export const utter = (i: number) => ({
  id: `u${i}`,
  speaker: CRISIS_SCRIPT[i]!.speaker,
  text: CRISIS_SCRIPT[i]!.text,
  offsetMs: (i + 1) * 4000,
});
