import { ConnectorError } from './errors';
import { requireSecureUrl } from './secure-url';

describe('requireSecureUrl', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(requireSecureUrl('https://api.mypurecloud.com', 'gateway', 'X.CONFIG_INVALID').host).toBe(
      'api.mypurecloud.com',
    );
    expect(requireSecureUrl('http://127.0.0.1:8080', 'gateway', 'X.CONFIG_INVALID').port).toBe('8080');
    expect(requireSecureUrl('http://localhost:1', 'gateway', 'X.CONFIG_INVALID').hostname).toBe('localhost');
    expect(requireSecureUrl('http://[::1]:9', 'gateway', 'X.CONFIG_INVALID').hostname).toBe('[::1]');
  });
  it('refuses plain http to a real host, other schemes and garbage, naming the field', () => {
    for (const bad of ['http://api.five9.com', 'http://10.0.0.5', 'ftp://127.0.0.1', 'not a url']) {
      let err: unknown;
      try {
        requireSecureUrl(bad, 'baseUrl', 'FIVE9.CONFIG_INVALID');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).code).toBe('FIVE9.CONFIG_INVALID');
      expect((err as ConnectorError).message).toMatch(/^baseUrl: /);
    }
  });
});
