import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant, RuleResult } from '../../rule';
import { blocks, isExpression, literalString, referencedAddresses, RuleContext, SynthResource } from '../../synthesized';

const TLS_PARAMETERS: readonly { engine: RegExp; name: string; on: RegExp }[] = [
  { engine: /mysql|mariadb/, name: 'require_secure_transport', on: /^(1|on|true)$/i },
  { engine: /postgres/, name: 'rds.force_ssl', on: /^(1|on|true)$/i },
];

function engineOf(r: SynthResource, context: RuleContext): string | undefined {
  const own = literalString(r.config.engine);
  if (own) return own;
  // A replica's engine is its source's.
  const source = referencedAddresses(r.config.replicate_source_db).map((a) => context.byAddress(a)).find(Boolean);
  return source ? literalString(source.config.engine) : undefined;
}

function groupRequiresTls(group: SynthResource, parameter: { name: string; on: RegExp }): boolean {
  return blocks(group.config.parameter).some((p) => p.name === parameter.name && (isExpression(p.value) || parameter.on.test(String(p.value))));
}

export const RdsRequireSecureTransport = defineRule({
  id: 'PHI-RDS-8',
  name: 'RdsRequireSecureTransport',
  level: 'error',
  description: 'RDS MySQL, MariaDB and PostgreSQL reject unencrypted connections through their parameter group, so that PHI never crosses the network in plaintext.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  optOutSettings: ['requireSecureTransport'],
  check(r, context): RuleResult {
    const engine = engineOf(r, context);
    const parameter = engine ? TLS_PARAMETERS.find((p) => p.engine.test(engine)) : undefined;
    if (!parameter) return NOT_APPLICABLE;
    const [attribute, groupType] =
      r.type === 'aws_rds_cluster' ? ['db_cluster_parameter_group_name', 'aws_rds_cluster_parameter_group'] : ['parameter_group_name', 'aws_db_parameter_group'];
    const fix = `use a ${groupType} with ${parameter.name} = ${parameter.name === 'rds.force_ssl' ? '1' : 'ON'}`;
    const value = r.config[attribute];
    if (value === undefined || value === '') return nonCompliant(`${attribute} is not set, so the default parameter group accepts plaintext connections`, fix);
    const groups = isExpression(value)
      ? referencedAddresses(value).map((a) => context.byAddress(a)).filter((g): g is SynthResource => g?.type === groupType)
      : context.byType(groupType, 'resource').filter((g) => g.config.name === value);
    // A group defined outside this stack cannot be inspected here.
    if (groups.length === 0) return COMPLIANT;
    return groups.every((g) => groupRequiresTls(g, parameter))
      ? COMPLIANT
      : nonCompliant(`${groups[0].address} does not set ${parameter.name}`, fix);
  },
});
