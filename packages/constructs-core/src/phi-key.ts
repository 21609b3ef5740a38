import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { IKmsKey } from './kms-key';
import { formatProblems } from './problems';
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

export interface PhiKeyProps {
  /** What the key encrypts, shown in the console and in CloudTrail: 1-8192 characters. */
  readonly description: string;
  /**
   * The alias, under the one scheme of phi-stack: `alias/phi-stack/<owner>/<purpose>`. `owner` is
   * the name of the module instance, `purpose` what the key encrypts. Letters, digits, `/`, `_`
   * and `-`, 256 characters in all (KMS's alias rule).
   */
  readonly alias: { readonly owner: string; readonly purpose: string };
  /**
   * Who may use the key besides the account, which administers it through IAM (the key policy's
   * first statement, `AccountAdministration`).
   * @default - none
   */
  readonly grants?: KeyGrant[];
  /**
   * Provider the key is created with: a key must be in the region of what it encrypts.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Days a deleted key waits before it is gone: 7-30. Data encrypted under a deleted key is lost.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /** @default - none */
  readonly tags?: Record<string, string>;
}

const SID = /^[A-Za-z0-9]{1,64}$/;
const ALIAS_PART = /^[A-Za-z0-9_-][A-Za-z0-9/_-]*$/;

/**
 * A customer-managed KMS key as every phi-stack module makes one: a key policy of the account's
 * administration plus named grants, automatic rotation, a 30-day deletion window and an alias
 * under `alias/phi-stack/<owner>/<purpose>`. Children: `key-policy`, `key`, `alias`.
 */
export class PhiKey extends Construct implements IKmsKey {
  /** The key. */
  public readonly key: KmsKey;
  public readonly arn: string;
  public readonly keyId: string;
  /** The alias name, `alias/phi-stack/<owner>/<purpose>`. */
  public readonly aliasName: string;

  /**
   * The grant CloudWatch Logs of `region` needs to encrypt one log group with the key: the
   * encryption context of every request names the log group (CloudWatch Logs guide, "Encrypt log
   * data in CloudWatch Logs using AWS KMS").
   */
  public static cloudWatchLogsGrant(sid: string, region: string, logGroupArn: string): KeyGrant {
    return {
      sid,
      principals: [{ type: 'Service', identifiers: [`logs.${region}.amazonaws.com`] }],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      conditions: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [logGroupArn] }],
    };
  }

  constructor(scope: Construct, id: string, props: PhiKeyProps) {
    super(scope, id);
    const problems: string[] = [];
    const description = props.description as unknown;
    if (typeof description !== 'string' || description.length < 1 || description.length > 8192) {
      problems.push(`description must be 1-8192 characters (got ${JSON.stringify(description)}): it tells an operator what the key protects`);
    }
    const { owner, purpose } = props.alias ?? ({} as PhiKeyProps['alias']);
    for (const [prop, value] of [['alias.owner', owner], ['alias.purpose', purpose]] as const) {
      if (typeof value !== 'string' || (!Token.isUnresolved(value) && !ALIAS_PART.test(value))) {
        problems.push(`${prop} must be letters, digits, '/', '_' or '-', not starting with '/' (got ${JSON.stringify(value)}): it becomes part of the alias alias/phi-stack/<owner>/<purpose>`);
      }
    }
    const aliasName = `alias/phi-stack/${owner}/${purpose}`;
    if (!Token.isUnresolved(aliasName) && aliasName.length > 256) {
      problems.push(`alias.owner and alias.purpose make an alias of ${aliasName.length} characters (got '${aliasName}'): KMS allows 256; shorten them`);
    }
    const window = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      problems.push(`deletionWindowInDays must be an integer from 7 to 30 (got ${window}): KMS refuses other values`);
    }
    const sids = new Set<string>(['AccountAdministration']);
    for (const grant of props.grants ?? []) {
      if (!SID.test(grant.sid)) problems.push(`grants: a sid must be 1-64 letters or digits (got '${grant.sid}')`);
      else if (sids.has(grant.sid)) problems.push(`grants: the sid '${grant.sid}' is used twice: each statement of a key policy needs its own sid`);
      sids.add(grant.sid);
      if (grant.actions.length === 0 || grant.actions.some((a) => !/^kms:[A-Za-z*]+$/.test(a))) {
        problems.push(`grants: '${grant.sid}' must list kms: actions (got ${JSON.stringify(grant.actions)})`);
      }
      if (grant.principals.length === 0) problems.push(`grants: '${grant.sid}' names no principal`);
    }
    if (problems.length > 0) {
      throw new Error(formatProblems(this.node.path, problems));
    }

    const { partition, callerIdentity } = stackEnvironment(this);
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        // The account's IAM policies decide who administers and uses the key; no other principal gets in.
        sid: 'AccountAdministration',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${callerIdentity.accountId}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
      ...(props.grants ?? []).map((grant) => ({
        sid: grant.sid,
        effect: 'Allow',
        principals: grant.principals.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
        actions: [...grant.actions],
        resources: ['*'],
        ...(grant.conditions && grant.conditions.length > 0 ? { condition: grant.conditions.map((c) => ({ ...c, values: [...c.values] })) } : {}),
      })),
    ];
    const policy = new DataAwsIamPolicyDocument(this, 'key-policy', { statement: statements });
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policy.json,
      tags: props.tags,
    });
    new KmsAlias(this, 'alias', { provider: props.provider, name: aliasName, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = aliasName;
  }
}
