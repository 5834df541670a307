/**
 * What a summary looks like in a platform field: a summary needs none of the caller's identifiers,
 * so e-mail addresses and digit runs of four or more (phone, member and claim numbers, dates of
 * birth) become placeholders; reason, what was done and what was promised stay readable.
 */
export function maskSummaryIdentifiers(text: string): string {
  return text
    .replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, '[email]')
    .replace(/\d(?:[\d\s()./-]*\d){3,}/g, '[number]')
    .trim();
}

/** The masked summary on one line, cut to `maxChars` with an ellipsis (plain-string fields). */
export function oneLineSummary(text: string, maxChars: number): string {
  const line = maskSummaryIdentifiers(text).replace(/\s+/g, ' ');
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
