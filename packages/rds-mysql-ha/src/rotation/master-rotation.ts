import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { AssetType, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { MASTER_ROTATION_HANDLER_SOURCE } from './handler-source';
import { storedZip } from './zip';

/** The Lambda runtime of the rotation function; Node.js 22 is in standard support until 2027-04-30. */
export const ROTATION_RUNTIME = 'nodejs22.x';

/** Seconds the rotation function may run: testSecret waits for RDS to apply the password. */
export const ROTATION_TIMEOUT_SECONDS = 300;

/** Props of {@link MasterPasswordRotation}. */
export interface MasterPasswordRotationProps {
  /** Function, role and log group name: `<name>` is at most 62 characters. */
  readonly functionName: string;
  /** The master secret. */
  readonly secretArn: string;
  readonly secretId: string;
  /** ARN of the primary instance whose master password is rotated. */
  readonly dbInstanceArn: string;
  /** Key of the secret and of the function's log group. */
  readonly keyArn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly rotationDays: number;
  readonly logRetentionDays: number;
  readonly tags: Record<string, string>;
  /** Resources the first rotation must wait for (the primary and the secret's first version). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Rotation of the MySQL master password by Secrets Manager: a single-user rotation function that
 * changes the password through the RDS API (`ModifyDBInstance`), its role, its encrypted log
 * group, the permission for Secrets Manager to invoke it for this secret only, and the schedule.
 */
export class MasterPasswordRotation extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly rotation: SecretsmanagerSecretRotation;

  constructor(scope: Construct, id: string, props: MasterPasswordRotationProps) {
    super(scope, id);
    const { functionName: fn, partition, region, account } = props;

    // The deployment package: one file, stored with fixed timestamps, so its hash is its content's.
    const zip = storedZip([{ name: 'index.js', content: MASTER_ROTATION_HANDLER_SOURCE }]);
    const hash = createHash('sha256').update(zip).digest();
    const file = join(tmpdir(), `phi-stack-mysql-master-rotation-${hash.toString('hex').slice(0, 16)}.zip`);
    if (!existsSync(file)) writeFileSync(file, zip);
    const asset = new TerraformAsset(this, 'code', { path: file, type: AssetType.FILE, assetHash: hash.toString('hex').slice(0, 16) });

    // Created first, with the key and the retention: Lambda would create it unencrypted, kept forever.
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/lambda/${fn}`,
      kmsKeyId: props.keyArn,
      retentionInDays: props.logRetentionDays,
      tags: props.tags,
    });

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
    });
    this.role = new IamRole(this, 'role', {
      name: fn,
      description: 'phi-stack: rotates one RDS MySQL master password',
      assumeRolePolicy: trust.json,
      tags: props.tags,
    });
    const policy = new DataAwsIamPolicyDocument(this, 'policy', {
      statement: [
        {
          sid: 'ThisSecretOnly',
          actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
          resources: [props.secretArn],
        },
        {
          // GetRandomPassword acts on no resource: IAM accepts only "*" for it.
          sid: 'DrawPassword',
          actions: ['secretsmanager:GetRandomPassword'],
          resources: ['*'],
        },
        {
          sid: 'ThisDatabaseOnly',
          actions: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance'],
          resources: [props.dbInstanceArn],
        },
        {
          sid: 'SecretKeyThroughSecretsManager',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.keyArn],
          condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${region}.amazonaws.com`] }],
        },
        {
          sid: 'OwnLogGroup',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/${fn}:*`],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', { name: 'rotate-master-password', role: this.role.id, policy: policy.json });

    this.function = new LambdaFunction(this, 'function', {
      functionName: fn,
      description: 'phi-stack: single-user rotation of the RDS MySQL master password (RDS API, no database connection)',
      role: this.role.arn,
      runtime: ROTATION_RUNTIME,
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: hash.toString('base64'),
      timeout: ROTATION_TIMEOUT_SECONDS,
      memorySize: 256,
      architectures: ['arm64'],
      // Levels set as AWS defaults them for JSON logs, so that a read-back never differs.
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name, applicationLogLevel: 'INFO', systemLogLevel: 'INFO' },
      dependsOn: [this.logGroup, rolePolicy],
      tags: props.tags,
    });

    const permission = new LambdaPermission(this, 'secrets-manager-invoke', {
      statementId: 'SecretsManagerRotatesThisSecret',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'secretsmanager.amazonaws.com',
      sourceArn: props.secretArn,
      sourceAccount: account,
    });

    this.rotation = new SecretsmanagerSecretRotation(this, 'schedule', {
      secretId: props.secretId,
      rotationLambdaArn: this.function.arn,
      rotationRules: { automaticallyAfterDays: props.rotationDays },
      // The first password is the stack's (write-only); Secrets Manager runs testSecret now and
      // the first rotation after rotationDays.
      rotateImmediately: false,
      dependsOn: [permission, ...props.dependsOn],
    });
  }
}
