import type {
  CredentialVault,
  GenesysCredentialsRecord,
  GenesysInstallation,
  InstallationStore,
  PipelineJob,
  PipelineScheduler,
  ReplayGuard,
} from './ports';

/*
 * In-memory versions of the Genesys-only ports, for tests and the demo. The sync ports' in-memory
 * versions (checkpoints, interactions, push receipts, quarantine) are core's.
 */

/** Stands in for the encrypted vault. Keeps secrets out of enumerable output. */
export class MemoryVault implements CredentialVault {
  private readonly secrets = new Map<string, GenesysCredentialsRecord>();
  async put(tenantId: string, platform: 'genesys', secret: GenesysCredentialsRecord): Promise<void> {
    this.secrets.set(`${tenantId}|${platform}`, { ...secret });
  }
  async get(tenantId: string, platform: 'genesys'): Promise<GenesysCredentialsRecord | undefined> {
    const s = this.secrets.get(`${tenantId}|${platform}`);
    return s ? { ...s } : undefined;
  }
  get size(): number {
    return this.secrets.size;
  }
}

export class MemoryInstallations implements InstallationStore {
  readonly rows = new Map<string, GenesysInstallation>();
  async get(tenantId: string): Promise<GenesysInstallation | undefined> {
    return this.rows.get(tenantId);
  }
  async put(i: GenesysInstallation): Promise<void> {
    this.rows.set(i.tenantId, i);
  }
}

export class MemoryScheduler implements PipelineScheduler {
  readonly jobs = new Map<string, PipelineJob>();
  async schedule(job: PipelineJob): Promise<'scheduled' | 'duplicate'> {
    if (this.jobs.has(job.key)) return 'duplicate';
    this.jobs.set(job.key, job);
    return 'scheduled';
  }
}

export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}
  async remember(id: string, expiresAtMs: number): Promise<boolean> {
    const t = this.now();
    for (const [k, exp] of this.seen) if (exp < t) this.seen.delete(k);
    if (this.seen.has(id)) return false;
    this.seen.set(id, expiresAtMs);
    return true;
  }
}
