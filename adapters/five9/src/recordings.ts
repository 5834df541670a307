import { createHash } from 'node:crypto';
import type { RecordingRef } from '@teachback/core';
import { pacificToUtc } from '@teachback/connector-five9';
import SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import type { QuarantineSink, RecordingLedger, RecordingSink, TranscriptionQueue } from './ports';

/**
 * Recordings from the customer's SFTP export. Five9 has no API to download audio; campaigns
 * export each recording to an FTP/SFTP host with the call's details in the file name. We parse the
 * name with a configurable pattern, match it to the call-log interaction (call id, then session
 * id), download it once (a ledger remembers every file taken), and hand it to transcription.
 */
export const DEFAULT_EXPORT_PATTERN =
  '{agent}__{ani}__{date}__{time}__{callId}__{campaign}__{disposition}__{sessionId}__{skill}.wav';

const PLACEHOLDERS = [
  'agent',
  'ani',
  'date',
  'time',
  'callId',
  'campaign',
  'disposition',
  'sessionId',
  'skill',
  'any',
];

export interface ExportNameFields {
  callId?: string;
  sessionId?: string;
  agent?: string;
  campaign?: string;
  /** Start of the recording (UTC ms) when the name carries date and time. */
  startedAtMs?: number;
  extension: string;
}

export type NameParse = { ok: true; fields: ExportNameFields } | { ok: false; reason: string };

export interface CompiledPattern {
  pattern: string;
  parse(fileName: string): NameParse;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles `{field}__{field}.wav` into a matcher. Fields are non-greedy and may not contain the
 * separator that follows them, so `__` splits exactly as Five9 writes it.
 */
export function compileExportPattern(pattern: string): CompiledPattern {
  const names: string[] = [];
  let regex = '^';
  const re = /\{(\w+)\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pattern))) {
    const name = m[1]!;
    if (!PLACEHOLDERS.includes(name)) throw new Error(`recording pattern: unknown field {${name}}`);
    regex += escapeRegex(pattern.slice(last, m.index));
    regex += name === 'any' ? '.*?' : '(.+?)';
    if (name !== 'any') names.push(name);
    last = m.index + m[0].length;
  }
  regex += escapeRegex(pattern.slice(last)) + '$';
  if (!names.includes('callId') && !names.includes('sessionId')) {
    throw new Error('recording pattern: needs {callId} or {sessionId} to match files to calls');
  }
  const matcher = new RegExp(regex);
  const extension = /\.(\w+)$/.exec(pattern)?.[1] ?? 'wav';
  return {
    pattern,
    parse(fileName: string): NameParse {
      const hit = matcher.exec(fileName);
      if (!hit) return { ok: false, reason: 'file name does not follow the export pattern' };
      const v: Record<string, string> = {};
      names.forEach((n, i) => (v[n] = hit[i + 1]!));
      const fields: ExportNameFields = { extension };
      if (v['callId'] !== undefined) {
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(v['callId']))
          return { ok: false, reason: 'callId: not a Five9 call id' };
        fields.callId = v['callId'];
      }
      if (v['sessionId'] !== undefined) {
        if (!/^[A-Za-z0-9-]{1,64}$/.test(v['sessionId']))
          return { ok: false, reason: 'sessionId: not a Five9 session id' };
        fields.sessionId = v['sessionId'];
      }
      if (v['agent']) fields.agent = v['agent'];
      if (v['campaign']) fields.campaign = v['campaign'];
      if (v['date'] !== undefined && v['time'] !== undefined) {
        const d = /^(\d{2})_(\d{2})_(\d{4})$/.exec(v['date']);
        const t = /^(\d{2})_(\d{2})_(\d{2})$/.exec(v['time']);
        if (!d) return { ok: false, reason: 'date: not MM_DD_YYYY' };
        if (!t) return { ok: false, reason: 'time: not HH_MM_SS' };
        const month = Number(d[1]);
        const day = Number(d[2]);
        if (
          month < 1 ||
          month > 12 ||
          day < 1 ||
          day > 31 ||
          Number(t[1]) > 23 ||
          Number(t[2]) > 59 ||
          Number(t[3]) > 59
        ) {
          return { ok: false, reason: 'date/time: out of range' };
        }
        fields.startedAtMs = pacificToUtc({
          year: Number(d[3]),
          month,
          day,
          hour: Number(t[1]),
          minute: Number(t[2]),
          second: Number(t[3]),
        }).epochMs;
      }
      return { ok: true, fields };
    },
  };
}

export interface RecordingFile {
  name: string;
  size: number;
}

/** Where export files are listed and read from; SftpRecordingSource is the real one. */
export interface RecordingSource {
  list(): Promise<RecordingFile[]>;
  read(name: string): Promise<Buffer>;
}

export const SftpSettings = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().positive().max(65535).default(22),
  username: z.string().min(1),
  privateKey: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  directory: z.string().min(1),
  /** Pins the server's host key (SHA-256, base64 as ssh-keygen -l prints it, without the prefix). */
  hostKeySha256: z.string().optional(),
});
export type SftpSettings = z.input<typeof SftpSettings>;

export class SftpRecordingSource implements RecordingSource {
  private readonly settings: z.infer<typeof SftpSettings>;
  private client: SftpClient | undefined;
  /** Files downloaded through this source (tests assert nothing is fetched twice). */
  downloads = 0;

  constructor(settings: SftpSettings) {
    this.settings = SftpSettings.parse(settings);
  }

  private async connected(): Promise<SftpClient> {
    if (this.client) return this.client;
    const s = this.settings;
    // The library's default listeners console.log connection events; we surface errors through calls instead.
    const quiet = () => undefined;
    const client = new SftpClient('teachback-five9', { error: quiet, end: quiet, close: quiet });
    const pinned = s.hostKeySha256;
    await client.connect({
      host: s.host,
      port: s.port,
      username: s.username,
      ...(s.privateKey ? { privateKey: s.privateKey } : {}),
      ...(s.password ? { password: s.password } : {}),
      readyTimeout: 10_000,
      ...(pinned
        ? {
            hostVerifier: (key: Buffer) =>
              createHash('sha256').update(key).digest('base64').replace(/=+$/, '') ===
              pinned.replace(/=+$/, ''),
          }
        : {}),
    });
    this.client = client;
    return client;
  }

  async list(): Promise<RecordingFile[]> {
    const client = await this.connected();
    const entries = await client.list(this.settings.directory);
    return entries.filter((e) => e.type === '-').map((e) => ({ name: e.name, size: e.size }));
  }

  async read(name: string): Promise<Buffer> {
    if (name.includes('/')) throw new Error('recording file name must not contain a path');
    const client = await this.connected();
    const data = await client.get(`${this.settings.directory.replace(/\/+$/, '')}/${name}`);
    this.downloads++;
    if (!Buffer.isBuffer(data)) throw new Error('SFTP get did not return a buffer');
    return data;
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.end();
  }
}

export interface IngestPorts {
  source: RecordingSource;
  ledger: RecordingLedger;
  sink: RecordingSink;
  transcription: TranscriptionQueue;
  quarantine: QuarantineSink;
  now?: () => number;
}

export interface IngestResult {
  listed: number;
  alreadyTaken: number;
  ingested: number;
  /** Named correctly but no call-log row yet: retried on the next run. */
  unmatched: number;
  quarantined: number;
}

/** A short stable reference for a file, so quarantine entries never carry the ANI in the name. */
export function fileRef(name: string): string {
  return `sftp:${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

export async function ingestRecordings(
  tenantId: string,
  options: { pattern?: string },
  ports: IngestPorts,
): Promise<IngestResult> {
  const compiled = compileExportPattern(options.pattern ?? DEFAULT_EXPORT_PATTERN);
  const now = ports.now ?? Date.now;
  const result: IngestResult = { listed: 0, alreadyTaken: 0, ingested: 0, unmatched: 0, quarantined: 0 };
  const files = await ports.source.list();
  result.listed = files.length;
  for (const file of files.sort((a, b) => a.name.localeCompare(b.name))) {
    if (await ports.ledger.has(tenantId, file.name)) {
      result.alreadyTaken++;
      continue;
    }
    const parsed = compiled.parse(file.name);
    if (!parsed.ok) {
      result.quarantined++;
      // Record it so a junk file is reported once, not on every run.
      await ports.quarantine.add({
        tenantId,
        platform: 'five9',
        kind: 'recording-file',
        ref: fileRef(file.name),
        reason: parsed.reason,
        at: new Date(now()).toISOString(),
      });
      await ports.ledger.record(tenantId, {
        fileName: file.name,
        interactionId: '',
        bytes: 0,
        at: new Date(now()).toISOString(),
      });
      continue;
    }
    const { callId, sessionId } = parsed.fields;
    const interaction =
      (callId ? await ports.sink.findBySourceId(tenantId, 'five9', callId) : undefined) ??
      (sessionId ? await ports.sink.findBySourceId(tenantId, 'five9', sessionId) : undefined);
    if (!interaction) {
      result.unmatched++;
      continue;
    }
    const audio = await ports.source.read(file.name);
    const recording: RecordingRef = {
      id: `five9-sftp:${callId ?? sessionId}:${fileRef(file.name).slice(5)}`,
      mediaType: parsed.fields.extension === 'wav' ? 'audio/wav' : `audio/${parsed.fields.extension}`,
      uri: `sftp-export:${fileRef(file.name).slice(5)}`,
    };
    const durationMs = wavDurationMs(audio);
    if (durationMs !== undefined) recording.durationMs = durationMs;
    await ports.transcription.submit({
      tenantId,
      interactionId: interaction.id,
      recording,
      audio,
      jobKey: `${tenantId}:five9:${interaction.source.externalId}:transcribe:${recording.id}`,
    });
    await ports.sink.attachRecording(interaction.id, recording);
    await ports.ledger.record(tenantId, {
      fileName: file.name,
      interactionId: interaction.id,
      bytes: audio.length,
      at: new Date(now()).toISOString(),
    });
    result.ingested++;
  }
  return result;
}

/** Duration of a PCM WAV from its header, when it is one. */
export function wavDurationMs(audio: Buffer): number | undefined {
  if (
    audio.length < 44 ||
    audio.toString('ascii', 0, 4) !== 'RIFF' ||
    audio.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    return undefined;
  }
  const byteRate = audio.readUInt32LE(28);
  const dataBytes = audio.readUInt32LE(40);
  return byteRate > 0 ? Math.round((dataBytes / byteRate) * 1000) : undefined;
}
