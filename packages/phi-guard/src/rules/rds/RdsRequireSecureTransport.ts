import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant, RuleResult } from '../../rule';
import { blocks, describeUnknown, isUnknown, literalString, referencedAddresses, RuleContext, SynthResource } from '../../synthesized';

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

/** Why a parameter group does not require TLS, or undefined. Every entry of the parameter counts: Terraform keeps them as a set. */
function groupProblem(group: SynthResource, parameter: { name: string; on: RegExp }): string | undefined {
  const entries = blocks(group.config.parameter).filter((p) => p.name === parameter.name);
  if (entries.length === 0) return `${group.address} does not set ${parameter.name}`;
  const off = entries.find((p) => literalString(p.value) === undefined && typeof p.value !== 'number' && typeof p.value !== 'boolean');
  if (off) return `${group.address} sets ${parameter.name} to ${describeUnknown(off.value)}`;
  const wrong = entries.find((p) => !parameter.on.test(String(p.value)));
  return wrong ? `${group.address} sets ${parameter.name} = ${String(wrong.value)}` : undefined;
}

export const RdsRequireSecureTransport = defineRule({
  id: 'PHI-RDS-8',
  name: 'RdsRequireSecureTransport',
  level: 'error',
  description:
    'RDS MySQL, MariaDB and PostgreSQL reject unencrypted connections through a parameter group of the stack (a default.* group cannot), so that PHI never crosses the network in plaintext.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  waivable: false,
  check(r, context): RuleResult {
    // An engine chosen at apply may be MySQL or PostgreSQL: which parameter must be on cannot be told.
    if (isUnknown(r.config.engine)) return nonCompliant(`engine is ${describeUnknown(r.config.engine)}, so the TLS parameter to require cannot be told`, 'write engine as a literal ("mysql", "postgres"...)');
    const engine = engineOf(r, context);
    const parameter = engine ? TLS_PARAMETERS.find((p) => p.engine.test(engine)) : undefined;
    if (!parameter) return NOT_APPLICABLE;
    const [attribute, groupType] =
      r.type === 'aws_rds_cluster' ? ['db_cluster_parameter_group_name', 'aws_rds_cluster_parameter_group'] : ['parameter_group_name', 'aws_db_parameter_group'];
    const fix = `use a ${groupType} of the stack with ${parameter.name} = ${parameter.name === 'rds.force_ssl' ? '1' : 'ON'} and set ${attribute} to its name`;
    const value = r.config[attribute];
    if (value === undefined || value === null || value === '') return nonCompliant(`${attribute} is not set, so the default parameter group accepts plaintext connections`, fix);
    const name = literalString(value);
    if (name !== undefined && /^default\./.test(name)) {
      return nonCompliant(`${attribute} is the default parameter group ${name}, which cannot be changed and does not set ${parameter.name}`, fix);
    }
    const groups =
      name === undefined
        ? referencedAddresses(value).map((a) => context.byAddress(a)).filter((g): g is SynthResource => g?.type === groupType)
        : context.byType(groupType, 'resource').filter((g) => literalString(g.config.name) === name);
    // A group the stack does not define (another stack's, or one the expression picks at apply) cannot be read at synth.
    if (groups.length === 0) {
      return nonCompliant(
        name === undefined ? `${attribute} is ${describeUnknown(value)}, which names no ${groupType} of this stack` : `${attribute} names ${name}, which is no ${groupType} of this stack`,
        fix,
      );
    }
    const problems = groups.map((g) => groupProblem(g, parameter)).filter((p): p is string => p !== undefined);
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), fix);
  },
});
