import { ConnectorError } from '@teachback/connector-kit';

export interface Five9Credential {
  username: string;
  password: string;
}

/**
 * Five9 refuses concurrent requests made with the same API user, so each user carries at most one
 * request at a time. Several users (Five9 recommends them) give parallelism; waiters are served
 * first come, first served.
 */
export class CredentialPool {
  private readonly idle: Five9Credential[];
  private readonly waiters: ((c: Five9Credential) => void)[] = [];
  private readonly busy = new Set<string>();
  constructor(credentials: readonly Five9Credential[]) {
    if (credentials.length === 0) {
      throw new ConnectorError(
        'FIVE9.CONFIG_INVALID',
        'Five9 credentials: at least one API user is required',
      );
    }
    const names = new Set(credentials.map((c) => c.username));
    if (names.size !== credentials.length) {
      throw new ConnectorError(
        'FIVE9.CONFIG_INVALID',
        'Five9 credentials: each API user may appear only once',
      );
    }
    this.idle = [...credentials];
  }

  get size(): number {
    return this.idle.length + this.busy.size;
  }

  async run<T>(work: (credential: Five9Credential) => Promise<T>): Promise<T> {
    const credential = await this.checkout();
    try {
      return await work(credential);
    } finally {
      this.release(credential);
    }
  }

  private checkout(): Promise<Five9Credential> {
    const free = this.idle.shift();
    if (free) return Promise.resolve(this.markBusy(free));
    return new Promise((resolve) => this.waiters.push((c) => resolve(this.markBusy(c))));
  }

  private markBusy(c: Five9Credential): Five9Credential {
    if (this.busy.has(c.username)) throw new Error('credential handed out twice');
    this.busy.add(c.username);
    return c;
  }

  private release(c: Five9Credential): void {
    this.busy.delete(c.username);
    const next = this.waiters.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
}
