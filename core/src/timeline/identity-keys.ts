/**
 * Normalized identity keys: the forms two systems must agree on before a phone, email or name can
 * match. Pure string work; no lookups.
 */

/**
 * E.164 for a phone typed any usual way. Numbers without a country code are read in the default
 * country (North America, `1`). Returns undefined for anything that is not a plausible number
 * (extensions, "anonymous", short codes), so junk never becomes an identity key.
 */
export function phoneToE164(raw: string | null | undefined, defaultCountryCode = '1'): string | undefined {
  if (!raw) return undefined;
  const trimmed = raw.trim();
  if (/[a-z]/i.test(trimmed.replace(/^tel:/i, ''))) return undefined;
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('00')) digits = digits.slice(2);
  if (!international) {
    if (defaultCountryCode === '1' && digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
    digits = defaultCountryCode + digits;
    if (defaultCountryCode === '1' && digits.length !== 11) return undefined;
  }
  return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
}

/** Lower-cased, trimmed email; undefined unless it looks like local@domain. */
export function normalizeEmail(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const e = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : undefined;
}

/** Name tokens for matching: case, accents and punctuation removed. */
export function nameTokens(raw: string | null | undefined): string[] {
  if (!raw) return [];
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Same person's name? Equal after normalizing, or the same first and last word (so a middle name
 * or initial on one side does not block the match). "Last, First" is handled by the caller
 * passing names in display order.
 */
export function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = nameTokens(a);
  const y = nameTokens(b);
  if (x.length === 0 || y.length === 0) return false;
  if (x.join(' ') === y.join(' ')) return true;
  return x.length >= 2 && y.length >= 2 && x[0] === y[0] && x[x.length - 1] === y[y.length - 1];
}
