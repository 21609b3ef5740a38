import { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IConstruct } from 'constructs';
import { stackEnvironment } from './stack-environment';

/**
 * One named statement of a key policy: who may use the key, for what, under which condition.
 * `Resource` is always `*`, which in a key policy means this key (AWS KMS Developer Guide, "Key
 * policies").
 */
export interface KeyGrant {
  /** Statement id: 1-64 letters and digits, unique in the policy. */
  readonly sid: string;
  /** Who is allowed, as `data.aws_iam_policy_document` names principals. */
  readonly principals: { readonly type: 'Service' | 'AWS'; readonly identifiers: string[] }[];
  /** `kms:` actions, at least one. */
  readonly actions: string[];
  /** Conditions that confine the grant, e.g. to one log group's encryption context. */
  readonly conditions?: { readonly test: string; readonly variable: string; readonly values: string[] }[];
}

/** Sid of the first statement of every phi-stack key policy. */
export const ACCOUNT_ADMINISTRATION_SID = 'AccountAdministration';

/**
 * The first statement of every phi-stack key policy: the account root, not `*`, gets `kms:*`, so
 * the account's IAM policies decide who administers and uses the key, no other principal gets in,
 * and the key cannot become unmanageable.
 */
export function accountAdministrationGrant(scope: IConstruct): KeyGrant {
  const { partition, callerIdentity } = stackEnvironment(scope);
  return {
    sid: ACCOUNT_ADMINISTRATION_SID,
    principals: [{ type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${callerIdentity.accountId}:root`] }],
    actions: ['kms:*'],
  };
}

/** `grant` as a statement of `data.aws_iam_policy_document`. */
export function keyPolicyDocumentStatement(grant: KeyGrant): DataAwsIamPolicyDocumentStatement {
  return {
    sid: grant.sid,
    effect: 'Allow',
    principals: grant.principals.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
    actions: [...grant.actions],
    resources: ['*'],
    ...(grant.conditions && grant.conditions.length > 0 ? { condition: grant.conditions.map((c) => ({ ...c, values: [...c.values] })) } : {}),
  };
}

/** A one-element list as its element, as IAM writes a policy. */
const oneOrMany = (values: readonly string[]): string | string[] => (values.length === 1 ? values[0] : [...values]);

/**
 * `grant` as a statement of a policy JSON document, in IAM's own names (`Sid`, `Principal`, ...):
 * for the `policy` of an `aws_kms_key_policy` (PhiKey's `externalKeyPolicy`).
 */
export function keyPolicyStatement(grant: KeyGrant): Record<string, unknown> {
  const principal: Record<string, string[]> = {};
  for (const p of grant.principals) principal[p.type] = [...(principal[p.type] ?? []), ...p.identifiers];
  const condition: Record<string, Record<string, string | string[]>> = {};
  for (const c of grant.conditions ?? []) condition[c.test] = { ...condition[c.test], [c.variable]: oneOrMany(c.values) };
  return {
    Sid: grant.sid,
    Effect: 'Allow',
    Principal: Object.fromEntries(Object.entries(principal).map(([type, identifiers]) => [type, oneOrMany(identifiers)])),
    Action: oneOrMany(grant.actions),
    Resource: '*',
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/**
 * The account-administration statement ({@link accountAdministrationGrant}) as policy JSON: the
 * first statement of a key policy that a separate `aws_kms_key_policy` attaches.
 */
export function accountAdministrationStatement(scope: IConstruct): Record<string, unknown> {
  return keyPolicyStatement(accountAdministrationGrant(scope));
}
