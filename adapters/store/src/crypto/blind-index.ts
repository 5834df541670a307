import { createHmac } from 'node:crypto';
import { TeachbackError } from '@teachback/core';

export type IdentifierKind = 'phone' | 'email' | 'member' | 'crm';

/**
 * E.164 without a phone library: keep a leading +, drop punctuation, and read 10 digits (or 11
 * starting with 1) as North American, which is where the supported platforms' tenants are.
 */
export function normalizePhone(raw: string): string | undefined {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  if (digits.length >= 8 && digits.length <= 15 && trimmed.startsWith('00')) return `+${digits.slice(2)}`;
  return undefined;
}

export function normalizeEmail(raw: string): string | undefined {
  const e = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(e) ? e : undefined;
}

export function normalizeMemberId(raw: string): string | undefined {
  const m = raw.trim().toUpperCase().replace(/[\s-]/g, '');
  return m.length > 0 ? m : undefined;
}

export function normalizeIdentifier(kind: IdentifierKind, raw: string): string | undefined {
  switch (kind) {
    case 'phone':
      return normalizePhone(raw);
    case 'email':
      return normalizeEmail(raw);
    case 'member':
      return normalizeMemberId(raw);
    case 'crm':
      return raw.trim() || undefined;
  }
}

/**
 * Keyed HMAC-SHA256 of the normalized value under a per-tenant index key. Equal identifiers
 * match; the stored digest reveals nothing without the key, and differs across tenants.
 */
export function blindIndex(indexKey: Uint8Array, kind: IdentifierKind, raw: string): string {
  const normalized = normalizeIdentifier(kind, raw);
  if (normalized === undefined)
    throw new TeachbackError('STORE.BAD_IDENTIFIER', `${kind} is not a valid identifier`);
  return createHmac('sha256', indexKey).update(`${kind}|${normalized}`).digest('hex');
}
