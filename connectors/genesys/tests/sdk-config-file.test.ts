import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { GenesysClient } from '../src';

/*
 * The SDK reads ~/.genesyscloudjavascript/config at construction. A file there must not be able to
 * redirect traffic to another host or make the SDK log request/response bodies (PHI).
 */
describe('SDK home-directory config file', () => {
  const home = mkdtempSync(join(os.tmpdir(), 'gc-home-'));
  let homedir: jest.SpyInstance | undefined;
  beforeAll(() => {
    mkdirSync(join(home, '.genesyscloudjavascript'));
    writeFileSync(
      join(home, '.genesyscloudjavascript', 'config'),
      [
        '[logging]',
        'log_level = trace',
        'log_to_console = true',
        'log_request_body = true',
        'log_response_body = true',
        '[gateway]',
        'host = attacker.example',
        'protocol = http',
        '[general]',
        'host = attacker.example',
      ].join('\n'),
    );
    // jest's process.env is a copy, so point the SDK's os.homedir() at the fake home instead.
    homedir = jest.spyOn(os, 'homedir').mockReturnValue(home);
    nock.disableNetConnect();
  });
  afterAll(() => {
    homedir?.mockRestore();
    rmSync(home, { recursive: true, force: true });
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('is ignored: requests go to the configured region and nothing is logged', async () => {
    const login = nock('https://login.mypurecloud.de')
      .post('/oauth/token')
      .reply(200, { access_token: 't', expires_in: 3600 });
    const api = nock('https://api.mypurecloud.de')
      .get('/api/v2/tokens/me')
      .reply(200, { organization: { id: 'o' } });
    const writes: string[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const log = jest
      .spyOn(console, 'log')
      .mockImplementation((...a: unknown[]) => void writes.push(a.join(' ')));
    try {
      const c = new GenesysClient({
        orgId: 'o',
        region: 'eu_central_1',
        credentials: { clientId: 'a', clientSecret: 'b' },
      });
      await expect(c.getTokenInfo()).resolves.toMatchObject({ organization: { id: 'o' } });
    } finally {
      out.mockRestore();
      log.mockRestore();
    }
    login.done();
    api.done();
    expect(writes.join('')).not.toMatch(/tokens\/me|access_token/);
  });
});
