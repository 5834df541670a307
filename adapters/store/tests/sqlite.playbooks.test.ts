import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, LocalKeyProvider } from '../src';
import { playbookCatalogContract } from '../src/contract/playbooks-contract';

const dir = mkdtempSync(join(tmpdir(), 'tb-store-playbooks-'));

playbookCatalogContract({
  name: 'sqlite',
  concurrentWriters: false,
  open: () =>
    openStore({
      url: `sqlite:${join(dir, 'teachback.db')}`,
      keys: new LocalKeyProvider(Buffer.alloc(32, 3)),
    }),
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
});
