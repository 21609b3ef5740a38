/**
 * "Customer-managed key" as the rules that require one (PHI-RDS-1, PHI-EC-1, PHI-S3-1, PHI-LOG-1,
 * PHI-SM-1, PHI-CT-1, PHI-EC2-2, PHI-RDS-11, PHI-RDS-12, PHI-SNS-1, PHI-MON-1) read it: the setting must be provably a key
 * whose policy the account controls, from the synthesized stack alone.
 *
 * - A reference to an `aws_kms_key` (or replica / external key) of the stack is customer-managed by
 *   construction.
 * - A customer alias (`alias/<name>`, its ARN, an `aws_kms_alias` of the stack, or a
 *   `data.aws_kms_alias` / `data.aws_kms_key` looked up by one) is too: KMS lets no alias point at an
 *   AWS-managed key, and reserves `alias/aws/*` for them.
 * - `aws/*` aliases (`alias/aws/rds`, `arn:aws:kms:...:alias/aws/rds`, a data source that looks one
 *   up) are AWS-managed: their key policy grants every principal of the account that may use the
 *   service, so it cannot restrict who decrypts PHI.
 * - A bare key ARN or id is not accepted: AWS-managed keys have key ARNs too, and which kind it is
 *   shows only at apply. Reference the key, or its customer alias.
 * - Any other expression (a variable, a conditional) is unknown at synth, and so not accepted.
 */
import { describeUnknown, isSet, literalString, referenceOf, RuleContext } from './synthesized';

/** Terraform types whose keys are customer-managed by construction. */
export const CUSTOMER_MANAGED_KEY_TYPES: readonly string[] = ['aws_kms_key', 'aws_kms_replica_key', 'aws_kms_external_key', 'aws_kms_replica_external_key'];

const AWS_MANAGED_ALIAS = /^(alias\/)?aws\/|^arn:aws[\w-]*:kms:[^:]*:\d*:alias\/aws\//i;
const CUSTOMER_ALIAS = /^alias\/|^arn:aws[\w-]*:kms:[^:]*:\d{12}:alias\//;

/** Whether a literal key setting is an AWS-managed alias (`alias/aws/rds`, its ARN, `aws/rds`). */
export function isAwsManagedAlias(value: string): boolean {
  return AWS_MANAGED_ALIAS.test(value.trim());
}

function literalProblem(attribute: string, literal: string, via = ''): string | undefined {
  if (isAwsManagedAlias(literal)) return `${attribute} is the AWS-managed key ${literal}${via}, whose key policy admits every principal of the account that uses the service`;
  if (CUSTOMER_ALIAS.test(literal.trim())) return undefined;
  return `${attribute} is the key ${literal}${via}, which the guard cannot tell from an AWS-managed key at synth (those have key ARNs too)`;
}

function problemOf(attribute: string, value: unknown, context: RuleContext, depth: number): string | undefined {
  const literal = literalString(value);
  if (literal !== undefined) return literalProblem(attribute, literal);
  const address = referenceOf(value);
  if (!address) return `${attribute} is ${describeUnknown(value)}, which the guard cannot trace to a customer-managed key`;
  const parts = address.split('.');
  const isData = parts[0] === 'data';
  const type = isData ? parts[1] : parts[0];
  if (!isData && CUSTOMER_MANAGED_KEY_TYPES.includes(type)) return undefined;
  const block = context.byAddress(address);
  if (!isData && type === 'aws_kms_alias') {
    const name = literalString(block?.config.name);
    return name && isAwsManagedAlias(name) ? literalProblem(attribute, name, ` (${address})`) : undefined;
  }
  if (isData && (type === 'aws_kms_alias' || type === 'aws_kms_key') && block) {
    const lookup = type === 'aws_kms_alias' ? block.config.name : block.config.key_id;
    const name = literalString(lookup);
    if (name !== undefined) return literalProblem(attribute, name, ` (looked up by ${address})`);
    if (depth < 3 && isSet(lookup)) {
      const inner = problemOf(attribute, lookup, context, depth + 1);
      return inner === undefined ? undefined : `${inner} (looked up by ${address})`;
    }
  }
  return `${attribute} refers to ${address}, which is not a customer-managed key of this stack`;
}

/**
 * Why a KMS key setting is not provably customer-managed, or undefined when it is.
 * `awsManagedDefault` names the key used when the setting is absent, e.g. `aws/rds`.
 */
export function customerManagedKeyProblem(attribute: string, value: unknown, context: RuleContext, awsManagedDefault: string): string | undefined {
  if (!isSet(value)) return `${attribute} is not set, so the AWS-managed key ${awsManagedDefault} is used`;
  return problemOf(attribute, value, context, 0);
}

/** The way out named by every CMK rule's fix. */
export const CMK_FIX = 'a customer-managed aws_kms_key of the stack (its .arn) or a customer alias (alias/<name>); aws/* keys are AWS-managed';
