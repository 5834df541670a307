/** Keys whose values are PHI or secrets whatever they look like. Compared lower-cased without punctuation. */
const SENSITIVE_KEYS = new Set(
  [
    'name',
    'firstName',
    'lastName',
    'fullName',
    'customerName',
    'patientName',
    'callerName',
    'displayName',
    'phone',
    'phoneNumber',
    'phones',
    'mobile',
    'ani',
    'dnis',
    'from',
    'to',
    'email',
    'emails',
    'address',
    'ssn',
    'dob',
    'dateOfBirth',
    'birthDate',
    'memberId',
    'mrn',
    'crmId',
    'insuranceId',
    'transcript',
    'utterances',
    'text',
    'quote',
    'notes',
    'note',
    'participants',
    'contact',
    'identity',
    'password',
    'passwd',
    'secret',
    'clientSecret',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'apiKey',
    'authorization',
    'cookie',
    'setCookie',
    'credentials',
    'privateKey',
    'masterKey',
    'sessionId',
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '[REDACTED]';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Secrets first: they can contain digit runs the PHI patterns would only partly mask.
  [/\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi, 'Bearer [REDACTED]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[REDACTED:jwt]'],
  [/\b(?:sk|pk|rk|xox[abp])[-_][A-Za-z0-9_-]{12,}\b/g, '[REDACTED:key]'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[REDACTED]@'],
  [/\b(password|passwd|secret|token|api[_-]?key|client[_-]?secret)\s*[=:]\s*[^\s&,;]+/gi, '$1=[REDACTED]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[REDACTED:email]'],
  [/\b\d{3}-\d{2}-\d{4}\b/g, '[REDACTED:ssn]'],
  [/\b(?:19|20)\d{2}-\d{2}-\d{2}\b(?!T\d)/g, '[REDACTED:date]'],
  [/\b\d{1,2}\/\d{1,2}\/(?:\d{4}|\d{2})\b/g, '[REDACTED:date]'],
  [
    /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d{2}\b/gi,
    '[REDACTED:date]',
  ],
  [/\+\d{8,15}\b/g, '[REDACTED:phone]'],
  [/(?:\b1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}\b/g, '[REDACTED:phone]'],
  [/\b[A-Z]{1,4}-?\d{6,12}\b/g, '[REDACTED:id]'],
];

function normalizeKey(k: string): string {
  return k.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normalizeKey(key));
}

export function redactText(s: string): string {
  let out = s;
  for (const [re, sub] of PATTERNS) out = out.replace(re, sub);
  return out;
}

/**
 * Returns a copy of `value` with sensitive keys masked and PHI/secret patterns in every string
 * replaced. Errors keep their class name and a redacted message and stack. Cycles are cut.
 */
export function redact(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    if (value.stack) out.stack = redactText(value.stack);
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string') out.code = code;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, seen));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = isSensitiveKey(k) && v !== undefined && v !== null ? REDACTED : redact(v, seen);
  return out;
}
