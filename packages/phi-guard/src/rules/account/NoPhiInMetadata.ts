import { describePhi, findPhi } from '@phi-stack/constructs-core';
import { defineRule, fromProblems } from '../../rule';

/** Attributes that are names, labels or free text visible outside the data plane. */
const METADATA_KEY = /(^|_)(name|name_prefix|description|comment|identifier|identifier_prefix|bucket|bucket_prefix|alias|title|tags|tags_all)$/;

function scan(value: unknown, path: string, metadata: boolean, problems: string[]): void {
  if (typeof value === 'string') {
    if (!metadata) return;
    const matches = findPhi(value);
    if (matches.length) problems.push(`${path} contains ${describePhi(matches)}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, `${path}[${i}]`, metadata, problems));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const isTags = metadata && /tags/.test(path.split('.').pop() ?? '');
      if (isTags) {
        // Tag keys are as visible as their values.
        const keyMatches = findPhi(key);
        if (keyMatches.length) problems.push(`tag key at ${path} contains ${describePhi(keyMatches)}`);
      }
      scan(v, path ? `${path}.${key}` : key, metadata || METADATA_KEY.test(key), problems);
    }
  }
}

export const NoPhiInMetadata = defineRule({
  id: 'PHI-ACCT-2',
  name: 'NoPhiInMetadata',
  level: 'error',
  description: 'Names, tags and descriptions carry no PHI-like values (emails, SSNs, phone numbers, dates of birth, MRNs): metadata is visible far beyond the data.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  check(r) {
    const problems: string[] = [];
    scan(r.config, '', false, problems);
    return fromProblems(problems, 'remove the value from names, tags and descriptions; identify resources by opaque ids');
  },
});
