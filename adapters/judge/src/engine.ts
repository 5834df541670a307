import {
  ConnectorError,
  defaultClassify,
  executeWithRetry,
  networkErrorCode,
  parseRetryAfter,
  type RetryObserver,
} from '@teachback/connector-kit';
import { JudgeAnswer, type Judge, type JudgeRequest } from '@teachback/core';
import { z } from 'zod';
import type { JudgeConfig } from './config';
import { LruCache } from './lru';
import { SYSTEM_PROMPT, userPrompt } from './prompt';

export interface ChatJudgeOptions extends Partial<Omit<JudgeConfig, 'url' | 'model'>> {
  /** Base URL (`https://host`, `https://host/v1`) or the full `/chat/completions` endpoint. */
  url: string;
  model: string;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: RetryObserver;
}

/** Admins may paste the service root, the `/v1` root or the full endpoint. */
export function chatCompletionsEndpoint(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  if (/\/chat\/completions$/.test(path)) return u.toString();
  u.pathname = /\/v1$/.test(path) ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  return u.toString();
}

const ChatCompletion = z.looseObject({
  choices: z
    .array(z.looseObject({ message: z.looseObject({ content: z.string().nullable() }) }))
    .min(1, 'no choices'),
});

function statusCode(status: number): string {
  if (status === 401 || status === 403) return 'JUDGE.AUTH_FAILED';
  if (status === 429) return 'JUDGE.RATE_LIMITED';
  if (status >= 500) return 'JUDGE.SERVICE_UNAVAILABLE';
  return 'JUDGE.REQUEST_REJECTED';
}

/** Some models wrap JSON in a Markdown fence even when asked for a JSON object. */
function unfence(content: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  return m ? m[1]! : content;
}

/**
 * Reads the judge's JSON answer. A malformed answer is a clear, coded error that names what was
 * wrong, never the text (it may repeat the transcript). It is not retried: temperature 0 gives the
 * same answer again.
 */
export function parseJudgeAnswer(content: string | null): JudgeAnswer {
  let json: unknown;
  try {
    json = JSON.parse(unfence(content ?? ''));
  } catch {
    throw new ConnectorError('JUDGE.BAD_ANSWER', 'judge answer is not valid JSON');
  }
  const parsed = JudgeAnswer.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConnectorError(
      'JUDGE.BAD_ANSWER',
      `judge answer: field ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/**
 * An LLM judge over any OpenAI-compatible `/v1/chat/completions` service (OpenAI, Azure OpenAI,
 * vLLM, llama.cpp server, Ollama). Temperature 0 and a JSON-object response. Retries follow the one
 * retry table in connector-kit; errors carry the status, never the body. Answers are kept in an
 * in-memory LRU keyed by the request's cache key, so the same call asked the same question again
 * makes no request.
 */
export class ChatCompletionsJudge implements Judge {
  readonly name: string;
  private readonly endpoint: string;
  private readonly cache: LruCache<JudgeAnswer>;

  constructor(private readonly options: ChatJudgeOptions) {
    this.endpoint = chatCompletionsEndpoint(options.url);
    this.name = `llm:${options.model}`;
    this.cache = new LruCache(options.cacheSize ?? 10_000);
  }

  async judge(request: JudgeRequest): Promise<JudgeAnswer> {
    const hit = this.cache.get(request.cacheKey);
    if (hit) return hit;
    const answer = await executeWithRetry(() => this.ask(request), {
      policy: { maxAttempts: this.options.maxAttempts ?? 4 },
      classify: defaultClassify,
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
    });
    this.cache.set(request.cacheKey, answer);
    return answer;
  }

  private async ask(request: JudgeRequest): Promise<JudgeAnswer> {
    const doFetch = this.options.fetch ?? fetch;
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.options.apiKey) {
      if (this.options.auth === 'api-key') headers['api-key'] = this.options.apiKey;
      else headers['authorization'] = `Bearer ${this.options.apiKey}`;
    }
    const body = JSON.stringify({
      model: this.options.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: userPrompt(request) },
      ],
    });
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(this.endpoint, { method: 'POST', body, headers, signal: timeout });
      text = await response.text();
    } catch (err) {
      const code = timeout.aborted ? 'TIMEOUT' : networkErrorCode(err);
      throw new ConnectorError(
        code === 'TIMEOUT' ? 'JUDGE.TIMEOUT' : 'JUDGE.NETWORK',
        code === 'TIMEOUT'
          ? `judge service did not answer within ${timeoutMs} ms`
          : `judge service unreachable (${code ?? 'network error'})`,
        { cause: code === 'TIMEOUT' ? Object.assign(new Error('timeout'), { code: 'TIMEOUT' }) : err },
      );
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      throw new ConnectorError(
        statusCode(response.status),
        `judge service answered HTTP ${response.status}`,
        {
          status: response.status,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ConnectorError('JUDGE.BAD_RESPONSE', 'judge service answered with invalid JSON');
    }
    const completion = ChatCompletion.safeParse(json);
    if (!completion.success) {
      const issue = completion.error.issues[0]!;
      throw new ConnectorError(
        'JUDGE.BAD_RESPONSE',
        `judge service response: field ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
    }
    return parseJudgeAnswer(completion.data.choices[0]!.message.content);
  }
}

/** The configured judge, or undefined when none is configured (the offline default). */
export function createJudge(config: JudgeConfig | undefined): ChatCompletionsJudge | undefined {
  return config ? new ChatCompletionsJudge(config) : undefined;
}
