import eligible from '../../data/hipaa-eligible-resource-types.json';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';

const PREFIXES: readonly string[] = Object.values(eligible.services as Record<string, string[]>).flat();

/** The HIPAA-eligible service a resource type belongs to, or undefined. */
export function eligibleService(type: string): string | undefined {
  for (const [service, prefixes] of Object.entries(eligible.services as Record<string, string[]>)) {
    if (prefixes.some((p) => type.startsWith(p))) return service;
  }
  return undefined;
}

export const HipaaEligibleService = defineRule({
  id: 'PHI-ACCT-1',
  name: 'HipaaEligibleService',
  level: 'error',
  description: 'Every aws_* resource belongs to a HIPAA-eligible service (src/data/hipaa-eligible-resource-types.json), as the BAA covers only those.',
  control: '§164.308(b)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  check(r) {
    if (r.kind !== 'resource' || !r.type.startsWith('aws_')) return NOT_APPLICABLE;
    return PREFIXES.some((p) => r.type.startsWith(p))
      ? COMPLIANT
      : nonCompliant(`${r.type} is not from a HIPAA-eligible service`, 'use an eligible service, or add the service to src/data/hipaa-eligible-resource-types.json after checking the AWS HIPAA Eligible Services Reference');
  },
});
