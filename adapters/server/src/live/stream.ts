import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decideAccess, isTeachbackError, type Actor } from '@teachback/core';
import type { Authenticator } from '../auth';
import { toHttp } from '../errors';
import { parsePart } from '../validate';
import type { LiveHub } from './hub';
import { CLOSE, StreamMessage, type StreamReply } from './messages';

export const STREAM_PATH = '/v1/live/stream';

export interface StreamLimits {
  /** Messages waiting on one connection before it is told to slow down (default 64). */
  highWater?: number;
  /** Messages waiting on one connection before it is closed with 1013 (default 256). */
  maxQueued?: number;
  /** Largest message accepted, bytes (default 64 KiB). */
  maxPayload?: number;
}

/** Who may stream: whoever may write transcripts for the whole tenant (the `integration` role of an API key). */
export function mayStream(actor: Actor): boolean {
  return (
    decideAccess(actor, 'write', { type: 'transcript', tenantId: actor.tenantId }).allowed &&
    actor.roles.length > 0
  );
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request'}\r\n` +
      'Content-Type: application/json\r\nConnection: close\r\n' +
      (status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The generic streaming endpoint: `GET /v1/live/stream` upgraded to a WebSocket, authenticated on
 * the upgrade (`Authorization: ApiKey <key>` of the tenant, or a bearer token of an identity
 * allowed to write transcripts). Each connection's messages are handled in order through a
 * bounded queue: past `highWater` the client is sent `slow_down` (and `resume` once drained),
 * past `maxQueued` the connection is closed with 1013 so memory never grows without bound.
 */
export function attachLiveStream(
  server: Server,
  hub: LiveHub,
  authenticator: Authenticator,
  limits: StreamLimits = {},
): WebSocketServer {
  const highWater = limits.highWater ?? 64;
  const maxQueued = limits.maxQueued ?? 256;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload ?? 64 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== STREAM_PATH) return;
    const source = req.socket.remoteAddress ?? 'unknown';
    authenticator
      .authenticate(req.headers.authorization, source)
      .then((actor) => {
        if (!mayStream(actor)) {
          refuse(socket, 403, 'ACCESS.DENIED', 'not allowed to stream calls (use an integration API key)');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, actor));
      })
      .catch((err: unknown) => {
        const { status, body } = toHttp(err);
        refuse(socket, status, body.error.code, body.error.message);
      });
  });

  function serve(ws: WebSocket, actor: Actor): void {
    const tenantId = actor.tenantId;
    const queue: { text: string; at: number }[] = [];
    let running = false;
    let slowed = false;
    const reply = (r: StreamReply) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(r));
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        reply({ type: 'error', code: 'LIVE.INVALID_MESSAGE', message: 'message: expected JSON text' });
        return;
      }
      queue.push({ text: data.toString(), at: performance.now() });
      if (queue.length > maxQueued) {
        queue.length = 0;
        ws.close(CLOSE.overloaded, 'queue full: slow down and resend un-acked messages');
        return;
      }
      if (queue.length >= highWater && !slowed) {
        slowed = true;
        reply({ type: 'slow_down', queued: queue.length, limit: maxQueued });
      }
      if (!running) void drain();
    });

    async function drain(): Promise<void> {
      running = true;
      while (queue.length > 0 && ws.readyState === ws.OPEN) {
        const next = queue.shift()!;
        await handle(next.text, next.at);
        if (slowed && queue.length < highWater / 2) {
          slowed = false;
          reply({ type: 'resume', queued: queue.length });
        }
      }
      running = false;
    }

    async function handle(text: string, receivedAt: number): Promise<void> {
      let ref: string | undefined;
      try {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          reply({ type: 'error', code: 'HTTP.INVALID_REQUEST', message: 'message: not valid JSON' });
          return;
        }
        const m = parsePart(StreamMessage, raw, 'message');
        switch (m.type) {
          case 'ping':
            reply({ type: 'pong' });
            return;
          case 'start': {
            ref = `start:${m.callId}`;
            const { type: _t, ...input } = m;
            const r = await hub.start(tenantId, input);
            reply({ type: 'ack', ref, ...(r.resumed ? { duplicate: true } : {}) });
            return;
          }
          case 'utterance': {
            ref = `${m.callId}/${m.utterance.id}`;
            const r = await hub.utterance(tenantId, m.callId, m.utterance, receivedAt);
            reply({
              type: 'ack',
              ref,
              ...(r.duplicate ? { duplicate: true } : {}),
              ...(r.events.length ? { events: r.events.map((e) => e.id) } : {}),
            });
            return;
          }
          case 'end': {
            ref = `end:${m.callId}`;
            await hub.end(tenantId, m.callId, m.offsetMs, m.endedAt);
            reply({ type: 'ack', ref });
            return;
          }
        }
      } catch (err) {
        if (isTeachbackError(err) && err.code === 'LIVE.SLOW_DOWN') {
          reply({ type: 'slow_down', queued: queue.length, limit: maxQueued });
        }
        const { body } = toHttp(err);
        const code = isTeachbackError(err) ? err.code : body.error.code;
        const message = isTeachbackError(err) && code.startsWith('LIVE.') ? err.message : body.error.message;
        reply({
          type: 'error',
          ...(ref ? { ref } : {}),
          code,
          message,
          ...(body.error.fields ? { fields: body.error.fields } : {}),
        });
      }
    }
  }
  return wss;
}
