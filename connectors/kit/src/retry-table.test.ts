import { ConnectorError } from './errors';
import { defaultClassify, executeWithRetry } from './execute';
import { DEFAULT_RETRY_POLICY, backoffMs, decideRetry, parseRetryAfter } from './retry-table';
import { Throttle } from './throttle';

const half = () => 0.5;

describe('decideRetry', () => {
  it('honours Retry-After on 429', () => {
    expect(decideRetry({ status: 429, retryAfterMs: 7000 }, 1)).toEqual({
      retry: true,
      reason: 'rate_limited',
      waitMs: 7000,
    });
  });
  it('backs off on 5xx and network errors, capped and jittered', () => {
    const d = decideRetry({ status: 503 }, 3, DEFAULT_RETRY_POLICY, half);
    expect(d).toMatchObject({ retry: true, reason: 'server_error' });
    expect(d.waitMs).toBe(backoffMs(3, DEFAULT_RETRY_POLICY, half));
    expect(decideRetry({ networkCode: 'ECONNRESET' }, 1).reason).toBe('network');
    expect(backoffMs(50, DEFAULT_RETRY_POLICY, () => 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });
  it('never retries other 4xx', () => {
    for (const status of [400, 403, 404, 409, 422]) expect(decideRetry({ status }, 1).retry).toBe(false);
  });
  it('asks for re-auth on 401 and on platform re-auth reasons', () => {
    expect(decideRetry({ status: 401 }, 1)).toMatchObject({ retry: true, reauth: true });
    const policy = { ...DEFAULT_RETRY_POLICY, reauthReasons: ['INVALID_SESSION_ID'] };
    expect(decideRetry({ status: 400, reason: 'INVALID_SESSION_ID' }, 1, policy)).toMatchObject({
      reauth: true,
    });
  });
  it('treats configured platform reasons as transient', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, transientReasons: ['UNABLE_TO_LOCK_ROW'] };
    expect(decideRetry({ status: 400, reason: 'UNABLE_TO_LOCK_ROW' }, 1, policy).retry).toBe(true);
  });
  it('gives up after maxAttempts and on waits longer than allowed', () => {
    expect(decideRetry({ status: 500 }, DEFAULT_RETRY_POLICY.maxAttempts)).toMatchObject({ retry: false });
    expect(decideRetry({ status: 429, retryAfterMs: 3_600_000 }, 1).reason).toBe(
      'rate_limited:wait_too_long',
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')),
    ).toBe(10000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('executeWithRetry', () => {
  it('retries 500 then succeeds, sleeping per the table', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await executeWithRetry(
      async () => {
        if (++calls === 1) throw new ConnectorError('X.SERVER', 'boom', { status: 500 });
        return 'ok';
      },
      { sleep: async (ms) => void sleeps.push(ms), random: half },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
    expect(sleeps).toEqual([backoffMs(1, DEFAULT_RETRY_POLICY, half)]);
  });
  it('re-authenticates once on 401, then fails if the fresh token is refused too', async () => {
    let reauths = 0;
    const err = new ConnectorError('X.AUTH_FAILED', 'refused', { status: 401 });
    await expect(
      executeWithRetry(async () => Promise.reject(err), {
        reauth: async () => void reauths++,
        sleep: async () => undefined,
      }),
    ).rejects.toBe(err);
    expect(reauths).toBe(1);
  });
  it('retries network resets wrapped as fetch causes', async () => {
    let calls = 0;
    const out = await executeWithRetry(
      async () => {
        if (++calls < 3)
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
          });
        return calls;
      },
      { sleep: async () => undefined },
    );
    expect(out).toBe(3);
  });
  it('rethrows a 404 at once', async () => {
    let calls = 0;
    const err = new ConnectorError('X.NOT_FOUND', 'missing', { status: 404 });
    await expect(
      executeWithRetry(async () => {
        calls++;
        throw err;
      }),
    ).rejects.toBe(err);
    expect(calls).toBe(1);
  });
});

describe('Throttle', () => {
  it('never grants more than the rate allows over a simulated window', async () => {
    let clock = 0;
    const t = new Throttle({
      requestsPerMinute: 60,
      burst: 5,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
    for (let i = 0; i < 125; i++) await t.take();
    // 5 burst tokens, then one per second.
    expect(clock).toBeGreaterThanOrEqual(120_000);
    expect(clock).toBeLessThan(121_000);
    expect(t.granted).toBe(125);
  });
  it('pause pushes the next grant back', async () => {
    let clock = 0;
    const t = new Throttle({
      requestsPerMinute: 600,
      burst: 10,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
    t.pause(5000);
    await t.take();
    expect(clock).toBeGreaterThanOrEqual(5000);
  });
});

describe('database failures a transaction can simply run again', () => {
  const pgError = (code: string) => Object.assign(new Error('database said no'), { code });
  it('retries a deadlock or a serialization failure, also when wrapped as a cause', () => {
    for (const code of ['40P01', '40001']) {
      expect(decideRetry(defaultClassify(pgError(code)), 1, DEFAULT_RETRY_POLICY).retry).toBe(true);
      const wrapped = Object.assign(new Error('save failed'), { cause: pgError(code) });
      expect(decideRetry(defaultClassify(wrapped), 1, DEFAULT_RETRY_POLICY).retry).toBe(true);
    }
  });
  it('does not retry a constraint violation or bad input', () => {
    for (const code of ['23505', '22P02'])
      expect(decideRetry(defaultClassify(pgError(code)), 1, DEFAULT_RETRY_POLICY).retry).toBe(false);
  });
});
