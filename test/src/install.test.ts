// What a new user does first: `npm ci && npm run build`, then `npx teachback ...` from the repo
// root, as the README shows everywhere. Needs an installed and built checkout (`npm test` builds).
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');

describe('a fresh install', () => {
  it('links the teachback command, so `npx teachback --help` runs from the repo root', () => {
    const r = spawnSync('npx', ['--no-install', 'teachback', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('could not determine executable');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: teachback');
  });

  it('leaves no dependency install script undecided (npm ci prints no install-scripts warning)', () => {
    const out = execFileSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('No packages with unreviewed install scripts');
  });
});
