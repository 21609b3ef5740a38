/**
 * A small detector of PHI-like strings for the guard's metadata scan (names, tags, descriptions).
 * Kept in this package on purpose: the guard must not depend on a module it checks.
 *
 * It favours recall: a false positive costs a rename or a suppression with a reason; a PHI value in
 * a bucket name or tag leaks into URLs, billing and logs kept for years. Reports name the kind and
 * offset of a match, never the match itself, so that CI logs do not repeat it.
 */

/** Kind of PHI-like value. */
export type PhiKind = 'email' | 'ssn' | 'phone' | 'date-of-birth' | 'mrn';

/** One PHI-like match: its kind and where it starts. */
export interface PhiMatch {
  readonly kind: PhiKind;
  readonly offset: number;
}

const DETECTORS: readonly { kind: PhiKind; regex: RegExp }[] = [
  { kind: 'email', regex: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi },
  // Separators required: bare 9-digit runs are account ids, ports and timestamps far more often.
  { kind: 'ssn', regex: /(?<!\d)\d{3}([- ])\d{2}\1\d{4}(?!\d)/g },
  { kind: 'phone', regex: /(?<![\d+])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)|(?<![\w+])\+\d{11,15}(?!\d)/g },
  {
    kind: 'date-of-birth',
    regex:
      /(?<!\d)(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d)|(?<!\d)(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])\/(?:19|20)\d{2}(?!\d)|(?<![a-z])(?:dob|birth[-_ ]?date|date[-_ ]?of[-_ ]?birth)[-_:=# ]*\d{4,8}(?!\d)/gi,
  },
  { kind: 'mrn', regex: /(?<![a-z])(?:mrn|medical[-_ ]?record(?:[-_ ]?(?:no|num|number|id))?|patient[-_ ]?(?:id|no|num|number))[-_:=# ]*[a-z]{0,2}\d{4,}(?!\d)/gi },
];

/** Terraform expressions are references, not data: `${aws_s3_bucket.x.id}` is never PHI. */
function withoutExpressions(text: string): string {
  return text.includes('${') ? text.replace(/\$\{[^}]*\}/g, (m) => ' '.repeat(m.length)) : text;
}

/** Finds PHI-like values in a text, in order of appearance. */
export function findPhi(text: string): PhiMatch[] {
  const clean = withoutExpressions(text);
  const found: PhiMatch[] = [];
  for (const { kind, regex } of DETECTORS) {
    for (const m of clean.matchAll(regex)) found.push({ kind, offset: m.index ?? 0 });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Describes matches without echoing them, e.g. `email at offset 4`. */
export function describePhi(matches: readonly PhiMatch[]): string {
  return matches.map((m) => `${m.kind} at offset ${m.offset}`).join(', ');
}
