import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { formerAddress } from './former-address';
import { accountAdministrationGrant, ACCOUNT_ADMINISTRATION_SID, KeyGrant, keyPolicyDocumentStatement } from './key-policy';
import { IKmsKey } from './kms-key';
import { reasonProblem } from './opt-outs';
import { Problems } from './problems';

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
   * The key policy is attached by a separate `aws_kms_key_policy` of the caller instead of written
   * here; `reason` says why (a policy that names a resource which itself names the key: a cycle
   * otherwise). The key then gets no `policy` of its own and `grants` must be empty; the separate
   * policy starts with `accountAdministrationStatement(scope)`.
   * @default - the key policy is written here: the account's administration plus `grants`
   */
  readonly externalKeyPolicy?: { readonly reason: string };
  /**
   * Where the key and the alias were before they were this PhiKey's: construct ids below the
   * PhiKey's scope, joined by `/` (`log-key/key`). Each gets a `moved` block from its former
   * address, so a deployed key or alias changes its address in the state instead of being
   * destroyed and created again.
   * @default - neither has moved
   */
  readonly movedFrom?: { readonly key?: string; readonly alias?: string };
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
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;
/** KMS's longest alias name. */
const MAX_ALIAS_LENGTH = 256;

/**
 * A customer-managed KMS key as every phi-stack module makes one: a key policy of the account's
 * administration plus named grants, automatic rotation, a 30-day deletion window and an alias
 * under `alias/phi-stack/<owner>/<purpose>`. Children: `key-policy`, the key (id `Default`) and
 * `alias`.
 *
 * The key's id is `Default`, which cdktf leaves out of logical ids: the key's address is the one
 * an `aws_kms_key` created with the PhiKey's own id would have, so a module whose key had the id
 * `key` keeps its address by creating `new PhiKey(this, 'key', …)`.
 */
export class PhiKey extends Construct implements IKmsKey {
  /** The construct id of the key: hidden from the logical id (cdktf's `Default`). */
  public static readonly KEY_ID = 'Default';

  /**
   * The grant CloudWatch Logs of `region` needs to encrypt log groups with the key: the encryption
   * context of every request names the log group (CloudWatch Logs guide, "Encrypt log data in
   * CloudWatch Logs using AWS KMS"). The condition is `ArnEquals`, or `ArnLike` when an ARN holds
   * a `*` (every log group of a prefix).
   */
  public static cloudWatchLogsGrant(sid: string, region: string, logGroupArns: string | string[]): KeyGrant {
    const values = typeof logGroupArns === 'string' ? [logGroupArns] : [...logGroupArns];
    return {
      sid,
      principals: [{ type: 'Service', identifiers: [`logs.${region}.amazonaws.com`] }],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      conditions: [{ test: values.some((arn) => arn.includes('*')) ? 'ArnLike' : 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values }],
    };
  }

  /** The key. */
  public readonly key: KmsKey;
  /** The alias under the scheme. */
  public readonly alias: KmsAlias;
  public readonly arn: string;
  public readonly keyId: string;
  /** The alias name, `alias/phi-stack/<owner>/<purpose>`. */
  public readonly aliasName: string;
  private readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: PhiKeyProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    const description = props.description as unknown;
    problems.check(typeof description === 'string' && description.length >= 1 && description.length <= 8192, () =>
      `description must be 1-8192 characters (got ${JSON.stringify(description)}): it tells an operator what the key protects`,
    );
    const { owner, purpose } = props.alias ?? ({} as PhiKeyProps['alias']);
    for (const [prop, value] of [['alias.owner', owner], ['alias.purpose', purpose]] as const) {
      if (typeof value !== 'string' || (!Token.isUnresolved(value) && !ALIAS_PART.test(value))) {
        problems.add(`${prop} must be letters, digits, '/', '_' or '-', not starting with '/' (got ${JSON.stringify(value)}): it becomes part of the alias alias/phi-stack/<owner>/<purpose>`);
      }
    }
    const aliasName = `alias/phi-stack/${owner}/${purpose}`;
    problems.check(Token.isUnresolved(aliasName) || aliasName.length <= MAX_ALIAS_LENGTH, () =>
      `alias.owner and alias.purpose make an alias of ${aliasName.length} characters (got '${aliasName}'): KMS allows ${MAX_ALIAS_LENGTH}; shorten them`,
    );
    const window = props.deletionWindowInDays ?? 30;
    problems.check(Number.isInteger(window) && window >= 7 && window <= 30, () => `deletionWindowInDays must be an integer from 7 to 30 (got ${window}): KMS refuses other values`);
    const sids = new Set<string>([ACCOUNT_ADMINISTRATION_SID]);
    for (const grant of props.grants ?? []) {
      if (!SID.test(grant.sid)) problems.add(`grants: a sid must be 1-64 letters or digits (got '${grant.sid}')`);
      else if (sids.has(grant.sid)) problems.add(`grants: the sid '${grant.sid}' is used twice: each statement of a key policy needs its own sid`);
      sids.add(grant.sid);
      if (grant.actions.length === 0 || grant.actions.some((a) => !/^kms:[A-Za-z*]+$/.test(a))) {
        problems.add(`grants: '${grant.sid}' must list kms: actions (got ${JSON.stringify(grant.actions)})`);
      }
      if (grant.principals.length === 0) problems.add(`grants: '${grant.sid}' names no principal`);
    }
    if (props.externalKeyPolicy) {
      const problem = reasonProblem(props.externalKeyPolicy.reason);
      if (problem) problems.add(`externalKeyPolicy.reason must ${problem}`);
      problems.check((props.grants ?? []).length === 0, () =>
        `grants must be empty with externalKeyPolicy (got ${props.grants!.length}): the separate aws_kms_key_policy writes every statement of the key policy`,
      );
    }
    for (const [prop, path] of [['movedFrom.key', props.movedFrom?.key], ['movedFrom.alias', props.movedFrom?.alias]] as const) {
      problems.check(path === undefined || /^[^/]+(\/[^/]+)*$/.test(path), () => `${prop} must be construct ids below the PhiKey's scope joined by '/' (got '${path}'): e.g. 'log-key/key'`);
    }
    problems.throwIfAny();

    const policy = props.externalKeyPolicy
      ? undefined
      : new DataAwsIamPolicyDocument(this, 'key-policy', {
          statement: [accountAdministrationGrant(this), ...(props.grants ?? [])].map(keyPolicyDocumentStatement),
        });
    this.key = new KmsKey(this, PhiKey.KEY_ID, {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policy?.json,
      tags: props.tags,
    });
    this.alias = new KmsAlias(this, 'alias', { provider: props.provider, name: aliasName, targetKeyId: this.key.keyId });
    if (props.movedFrom?.key) this.moveFrom(this.key, scope, props.movedFrom.key, 'movedFrom.key');
    if (props.movedFrom?.alias) this.moveFrom(this.alias, scope, props.movedFrom.alias, 'movedFrom.alias');
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = aliasName;
    this.provider = props.provider;
  }

  /**
   * A second alias of the key, named before the scheme, at `scope`/`id` where the module created
   * it: kept so that policies and scripts that name it keep working; a later major version drops
   * it. `name` is `alias/…` of letters, digits, `/`, `_` and `-`, at most 256 characters, not
   * under `alias/aws/` (KMS's alias rule).
   */
  public addLegacyAlias(scope: Construct, id: string, name: string): KmsAlias {
    const problems = new Problems(this.node.path);
    if (!Token.isUnresolved(name)) {
      problems.check(ALIAS_NAME.test(name) && !name.startsWith('alias/aws/'), () =>
        `a legacy alias must be alias/ and letters, digits, '/', '_' or '-', not under alias/aws/ (got '${name}'): KMS refuses other names`,
      );
      problems.check(name.length <= MAX_ALIAS_LENGTH, () => `a legacy alias must be at most ${MAX_ALIAS_LENGTH} characters (got ${name.length}, '${name}'): KMS allows no longer alias`);
    }
    problems.throwIfAny();
    return new KmsAlias(scope, id, { provider: this.provider, name, targetKeyId: this.key.keyId });
  }

  private moveFrom(resource: KmsKey | KmsAlias, scope: Construct, path: string, prop: string): void {
    const from = formerAddress(scope, resource.terraformResourceType, path);
    const to = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
    if (from === to) new Problems(this.node.path).fail(`${prop} must name where the resource was before (got '${path}', which is its address now, ${to}): a moved block to itself is an error in Terraform`);
    resource.moveFromId(from);
  }
}
