import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct, IConstruct } from 'constructs';
import { Problems } from './problems';

/** One statement of an IAM policy, as `data.aws_iam_policy_document` takes it. */
export type PolicyStatement = DataAwsIamPolicyDocumentStatement;

/** An inline policy a grant adds to a principal. */
export interface PrincipalPolicy {
  /** Construct id of the policy under the principal's construct (the document is `<id>-doc`): 1-41 lowercase letters, digits or hyphens. */
  readonly id: string;
  /** Name of the inline policy in IAM: 1-128 letters, digits and `+=,.@_-`. */
  readonly policyName: string;
  /** What the policy allows. At least one statement. */
  readonly statements: PolicyStatement[];
}

/**
 * Who a grant is given to (aws-cdk's `IPrincipal`): an IAM role that takes inline policies. A
 * grant adds one policy per resource and purpose, so that a plan names what changed.
 */
export interface IPrincipal {
  /** The construct the principal's policies are created under; its path starts every error. */
  readonly node: IConstruct['node'];
  readonly roleArn: string;
  readonly roleName: string;
  /** Adds an inline policy to the role. Throws when a policy with the same id or name exists. */
  addToPrincipalPolicy(policy: PrincipalPolicy): IamRolePolicy;
}

/** Something that can be granted access (aws-cdk's `IGrantable`): an `AlbAsg`'s instances, say. */
export interface IGrantable {
  readonly grantPrincipal: IPrincipal;
}

const POLICY_ID = /^[a-z][a-z0-9-]{0,40}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/**
 * A principal for an IAM role whose policies are created under `scope`, with construct ids
 * `<idPrefix><id>-doc` and `<idPrefix><id>`. `scope` is usually the construct that made the role.
 */
export function rolePrincipal(scope: Construct, role: { readonly arn: string; readonly name: string; readonly id: string }, idPrefix = ''): IPrincipal {
  const names = new Set<string>();
  return {
    node: scope.node,
    roleArn: role.arn,
    roleName: role.name,
    addToPrincipalPolicy(policy: PrincipalPolicy): IamRolePolicy {
      const problems = new Problems(scope.node.path);
      if (!POLICY_ID.test(policy.id)) problems.add(`a grant's policy id must be 1-41 lowercase letters, digits or hyphens (got '${policy.id}'): it becomes the construct id ${idPrefix}${policy.id}`);
      if (!POLICY_NAME.test(policy.policyName)) {
        problems.add(`a grant's policy name must be 1-128 letters, digits or +=,.@_- (got '${policy.policyName}'): IAM refuses other inline policy names`);
      }
      if (policy.statements.length === 0) problems.add(`the grant '${policy.policyName}' has no statement: a policy must allow something`);
      if (scope.node.tryFindChild(`${idPrefix}${policy.id}`) || names.has(policy.policyName)) {
        problems.add(`the role already has the grant '${policy.policyName}' (construct ${idPrefix}${policy.id}): pass another id and policy name, e.g. grantReadWrite(grantee, prefix, { id: 'archive', policyName: 'archive-bucket-prefix' })`);
      }
      problems.throwIfAny();
      names.add(policy.policyName);
      const doc = new DataAwsIamPolicyDocument(scope, `${idPrefix}${policy.id}-doc`, { statement: policy.statements });
      return new IamRolePolicy(scope, `${idPrefix}${policy.id}`, { name: policy.policyName, role: role.id, policy: doc.json });
    },
  };
}

/** The problem of a grantee argument, or undefined: it must carry a `grantPrincipal`. */
export function grantableProblem(method: string, value: unknown): string | undefined {
  const principal = (value as Partial<IGrantable> | null | undefined)?.grantPrincipal;
  if (typeof value !== 'object' || value === null || typeof principal?.addToPrincipalPolicy !== 'function') {
    const got = typeof value === 'string' ? `the string '${value}'` : value === null ? 'null' : typeof value === 'object' ? 'an object without grantPrincipal' : typeof value;
    return `${method} needs a grantee with a grantPrincipal, e.g. an AlbAsg or rolePrincipal(scope, role) wrapped as { grantPrincipal } (got ${got})`;
  }
  return undefined;
}
