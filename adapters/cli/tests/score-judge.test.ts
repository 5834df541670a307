// `teachback score` with a playbook that has a plain-language criterion and a judge service
// configured (a fake OpenAI-compatible server on loopback): the judge's answer lands in the JSON
// line with its quote as evidence; a quote the transcript does not hold is dropped and flagged.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'adapters', 'cli', 'dist', 'bin.js');

const CALL = [
  '[0:01] Agent: Thanks for calling Riverbend Clinic, this call may be recorded.',
  '[0:06] Customer: I need someone to call me back about my referral.',
  '[0:12] Agent: I will call you back tomorrow at 10 in the morning with the answer.',
].join('\n');

const PLAYBOOK = `id: callbacks
version: '1'
title: Callbacks
criteria:
  - id: callback-time
    title: Specific callback time
    category: compliance
    severity: high
    weight: 1
    tip: Offer a day and a time for the callback.
    judge:
      engine: llm
      question: Did the agent offer a specific callback time?
`;

let server: Server;
let url: string;
let answer: { answer: string; quotes: string[]; rationale: string };
let requests = 0;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teachback-judge-'));
  fs.writeFileSync(path.join(tmp, 'call.txt'), CALL);
  fs.writeFileSync(path.join(tmp, 'callbacks.yaml'), PLAYBOOK);
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          id: 'c1',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(answer) } }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function score(): Promise<{ code: number | null; line: any; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'score',
        path.join(tmp, 'call.txt'),
        '--playbook',
        path.join(tmp, 'callbacks.yaml'),
        '--format',
        'json',
      ],
      { env: { ...process.env, TEACHBACK_JUDGE_URL: url, TEACHBACK_JUDGE_MODEL: 'test-model' } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, line: JSON.parse(out.trim().split('\n')[0]!), stderr: err }));
  });
}

describe('teachback score with the optional LLM judge', () => {
  it('uses the judge’s answer, with its quote found in the transcript as evidence', async () => {
    answer = { answer: 'met', quotes: ['I will call you back tomorrow at 10'], rationale: 'A day and time.' };
    const before = requests;
    const r = await score();
    expect(r.code).toBe(0);
    expect(requests).toBe(before + 1);
    const c = r.line.criteria.find((x: any) => x.id === 'callback-time');
    expect(c.status).toBe('met');
    expect(JSON.stringify(c)).toContain('call you back tomorrow');
    expect(r.line.needsReview).toBe(false);
  });

  it('drops an answer whose quote the transcript does not hold, and flags the call for review', async () => {
    answer = { answer: 'met', quotes: ['I will call you on Friday at noon'], rationale: 'Made up.' };
    const r = await score();
    const c = r.line.criteria.find((x: any) => x.id === 'callback-time');
    expect(c.status).not.toBe('met');
    expect(r.line.needsReview).toBe(true);
  });
});
