/**
 * The one detector of PHI-like strings in metadata: names, tags, descriptions and comments, which end
 * up where PHI must never reach (bucket names in URLs, access logs and billing; tags visible to anyone
 * with `tag:GetResources`). Constructs use it to refuse a prop at synth time, and phi-guard's
 * PHI-ACCT-2 uses it on the synthesized Terraform, so a name cannot pass one and fail the other.
 *
 * It favours recall: a false positive costs a rename or a suppression with a reason; a PHI value in a
 * bucket name or tag leaks into logs kept for years. Reports name the kind and offset of a match,
 * never the match itself, so that CI logs do not repeat it.
 */

/** Kind of PHI-like value. `deny-list`: a term the caller named (a facility, a cohort). */
export type PhiKind = 'email' | 'ssn' | 'phone' | 'date-of-birth' | 'mrn' | 'deny-list';

/** One PHI-like substring of a text. */
export interface PhiMatch {
  readonly kind: PhiKind;
  /** Offset of the first character in the text. */
  readonly offset: number;
  /** The matched substring. Do not print it: use `describePhi`. */
  readonly match: string;
}

/** A built-in pattern. */
export interface PhiPattern {
  readonly kind: Exclude<PhiKind, 'deny-list'>;
  /** One line on what the pattern catches. */
  readonly description: string;
  /** Global, case-insensitive where letters matter; `findPhi` clones it before use. */
  readonly regex: RegExp;
}

// Digits must not be glued to other digits: `(?<!\d)` / `(?!\d)` instead of `\b`, because `_` and
// letters are word characters and `mrn_12345678` or `a123-45-6789` must still match.
const MONTH = '(?:0?[1-9]|1[0-2])';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const YEAR = '(?:19|20)\\d{2}';
// A date is not part of a longer run of numbers (`TLS13-1-2-2021-06`, `1.2.2021.3`).
const NOT_GLUED_BEFORE = '(?<!\\d)(?<!\\d[-/._])';
const NOT_GLUED_AFTER = '(?!\\d)(?![-/._]\\d)';

/** The built-in patterns, in the order they are reported when two matches start at the same offset. */
export const PHI_PATTERNS: readonly PhiPattern[] = [
  {
    kind: 'email',
    description: 'an email address (user@domain.tld)',
    regex: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi,
  },
  {
    kind: 'ssn',
    // Separators required: bare 9-digit runs are account ids, ports and timestamps far more often.
    // Area 000 and 666, group 00 and serial 0000 are never issued; 9xx (ITINs) are identifiers too.
    description: 'a US Social Security or taxpayer number written with separators (123-45-6789, 123 45 6789)',
    regex: /(?<!\d)(?!000|666)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?!\d)/g,
  },
  {
    kind: 'phone',
    description: 'a phone number: NANP with separators ((555) 123-4567, 555.123.4567) or E.164 (+15551234567)',
    regex: /(?<![\d+])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)|(?<![\d+])\+\d{10,15}(?!\d)/g,
  },
  {
    kind: 'date-of-birth',
    description: 'a full calendar date (1980-01-15, 01/15/1980, 15.01.1980) or a dob/birth marker followed by digits',
    regex: new RegExp(
      [
        `${NOT_GLUED_BEFORE}${YEAR}([-/._])${MONTH}\\1${DAY}${NOT_GLUED_AFTER}`,
        `${NOT_GLUED_BEFORE}${MONTH}([-/.])${DAY}\\2${YEAR}${NOT_GLUED_AFTER}`,
        `${NOT_GLUED_BEFORE}${DAY}([-/.])${MONTH}\\3${YEAR}${NOT_GLUED_AFTER}`,
        '(?<![a-z])(?:dob|d\\.o\\.b\\.?|birth(?:[-_ ]?date)?|date[-_ ]?of[-_ ]?birth)[-_:=# ]*\\d{4,8}(?!\\d)',
      ].join('|'),
      'gi',
    ),
  },
  {
    kind: 'mrn',
    description: 'a medical record number or patient id: an mrn/patient-id marker followed by 4 or more digits',
    regex: /(?<![a-z])(?:mrn|medical[-_ ]?record(?:[-_ ]?(?:no|num|number|id))?|patient[-_ ]?(?:id|no|num|number)|pat[-_]?id)[-_:=# ]*[a-z]{0,2}\d{4,}(?!\d)/gi,
  },
];

/** Terraform expressions and CDKTF tokens are references, not data: `${aws_s3_bucket.x.id}` is never PHI. */
function withoutExpressions(text: string): string {
  return text.includes('${') ? text.replace(/\$\{[^}]*\}/g, (m) => ' '.repeat(m.length)) : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds PHI-like substrings in `text`: emails, SSNs, phone numbers, dates of birth, MRN-like ids, and
 * every term of `denyList` (case-insensitive, literal). Expressions (`${...}`) are skipped. Matches
 * come in order of appearance.
 */
export function findPhi(text: string, denyList: readonly string[] = []): PhiMatch[] {
  const clean = withoutExpressions(text);
  const found: (PhiMatch & { order: number })[] = [];
  PHI_PATTERNS.forEach((pattern, order) => {
    for (const m of clean.matchAll(new RegExp(pattern.regex))) found.push({ kind: pattern.kind, offset: m.index ?? 0, match: m[0], order });
  });
  for (const term of denyList) {
    const trimmed = term.trim();
    if (trimmed === '') continue;
    for (const m of clean.matchAll(new RegExp(escapeRegExp(trimmed), 'gi'))) found.push({ kind: 'deny-list', offset: m.index ?? 0, match: m[0], order: PHI_PATTERNS.length });
  }
  found.sort((a, b) => a.offset - b.offset || a.order - b.order);
  return found.map(({ kind, offset, match }) => ({ kind, offset, match }));
}

/** Describes matches without repeating them, for errors and reports: `email at offset 4, ssn at offset 30`. */
export function describePhi(matches: readonly PhiMatch[]): string {
  return matches.map((m) => `${m.kind} at offset ${m.offset}`).join(', ');
}
