/**
 * Detection of PHI-like strings in names, tags and other metadata that end up in places PHI must never
 * reach: bucket names (visible in URLs, access logs and billing), tags (visible to anyone with
 * `tag:GetResources`), comments and descriptions.
 *
 * The patterns favour recall over precision: a false positive costs a rename, a false negative
 * leaks an identifier into logs that are retained for years. They are deliberately simple regular
 * expressions so that a rule pack can reuse them on synthesized Terraform without extra dependencies.
 */

/** What a PHI-like match looks like. */
export type PhiLikeKind = 'email' | 'ssn' | 'phone' | 'date-of-birth' | 'mrn' | 'deny-list';

/** One PHI-like substring found in a text. */
export interface PhiLikeMatch {
  /** Which pattern matched. */
  readonly kind: PhiLikeKind;
  /** The matched substring, exactly as it appears in the text. */
  readonly match: string;
}

/** A named PHI-like pattern. */
export interface PhiPattern {
  /** Kind reported for a match. */
  readonly kind: Exclude<PhiLikeKind, 'deny-list'>;
  /** One line on what the pattern catches. */
  readonly description: string;
  /** Global, case-insensitive expression; clone it (`new RegExp(p.regex)`) before stateful use. */
  readonly regex: RegExp;
}

// Digits must not be glued to other digits: `(?<!\d)` / `(?!\d)` instead of `\b`, because `_` and
// letters are word characters and `mrn_12345678` or `a123-45-6789` must still match.
const MONTH = '(?:0?[1-9]|1[0-2])';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const YEAR = '(?:19|20)\\d{2}';

/** The built-in patterns, in the order they are reported when two matches start at the same offset. */
export const PHI_PATTERNS: readonly PhiPattern[] = [
  {
    kind: 'email',
    description: 'an email address (user@domain.tld)',
    regex: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi,
  },
  {
    kind: 'ssn',
    description: 'a US Social Security number written with separators (123-45-6789, 123 45 6789)',
    regex: /(?<!\d)(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?!\d)/g,
  },
  {
    kind: 'phone',
    description: 'a phone number: NANP with separators ((555) 123-4567, 555.123.4567) or E.164 (+15551234567)',
    regex: /(?:(?<![\d+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d))|(?:\+\d{10,15}(?!\d))/g,
  },
  {
    kind: 'date-of-birth',
    description: 'a full calendar date (1980-01-15, 01/15/1980, 15.01.1980) or a dob/birth marker followed by digits',
    regex: new RegExp(
      [
        `(?<!\\d)${YEAR}([-/._])${MONTH}\\1${DAY}(?!\\d)`,
        `(?<!\\d)${MONTH}([-/.])${DAY}\\2${YEAR}(?!\\d)`,
        `(?<!\\d)${DAY}([-/.])${MONTH}\\3${YEAR}(?!\\d)`,
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds PHI-like substrings in `text`: emails, SSNs, phone numbers, dates of birth, MRN-like ids and
 * any term of `denyList` (matched case-insensitively as a substring, e.g. a facility or patient cohort
 * name that must never appear in metadata).
 *
 * Matches are returned in order of appearance; a substring is reported once per kind.
 */
export function findPhiLikeStrings(text: string, denyList: readonly string[] = []): PhiLikeMatch[] {
  const found: { kind: PhiLikeKind; match: string; index: number; order: number }[] = [];
  PHI_PATTERNS.forEach((pattern, order) => {
    for (const m of text.matchAll(new RegExp(pattern.regex))) {
      found.push({ kind: pattern.kind, match: m[0], index: m.index ?? 0, order });
    }
  });
  for (const term of denyList) {
    const trimmed = term.trim();
    if (trimmed === '') continue;
    for (const m of text.matchAll(new RegExp(escapeRegExp(trimmed), 'gi'))) {
      found.push({ kind: 'deny-list', match: m[0], index: m.index ?? 0, order: PHI_PATTERNS.length });
    }
  }
  found.sort((a, b) => a.index - b.index || a.order - b.order);
  return found.map(({ kind, match }) => ({ kind, match }));
}

/**
 * Describes the PHI-like matches of a text without repeating them, for error messages: an error that
 * echoes an SSN would leak it into CI logs. E.g. `email at offset 4, ssn at offset 30`.
 */
export function describePhiLikeMatches(text: string, matches: readonly PhiLikeMatch[]): string {
  let from = 0;
  return matches
    .map(({ kind, match }) => {
      const at = text.indexOf(match, from);
      if (at >= 0) from = at;
      return `${kind} at offset ${at}`;
    })
    .join(', ');
}
