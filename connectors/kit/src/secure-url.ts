import { ConnectorError } from './errors';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Platform URLs must be https. Plain http is accepted only for loopback hosts, which is where the
 * simulators and test servers live: PHI and credentials never travel unencrypted to a real host.
 */
export function requireSecureUrl(value: string, field: string, code: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectorError(code, `${field}: not a valid URL`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url;
  throw new ConnectorError(
    code,
    `${field}: must be an https URL (plain http is only allowed to loopback test hosts)`,
  );
}
