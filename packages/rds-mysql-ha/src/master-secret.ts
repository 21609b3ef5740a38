// The master password: an ephemeral random password written write-only to the primary and to a
// secret encrypted with the key, and the wiring of the secret's rotation (MasterPasswordRotation in
// rotation/) once the primary exists.
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';
import { MASTER_PASSWORD_ROTATION_DAYS } from './props';
import { MasterPasswordRotation } from './rotation/master-rotation';

/** The master secret and the password reference the primary is created with. */
export interface MasterSecret {
  readonly masterSecret: SecretsmanagerSecret;
  /** The write-only version of the secret, which the rotation waits for. */
  readonly masterSecretValue: SecretsmanagerSecretVersion;
  /** Reference to the ephemeral password, for the primary's `password_wo`. */
  readonly passwordRef: string;
}

/** The ephemeral master password (a stack override) and the master secret of the RdsMysqlHa at `scope`. */
export function createMasterSecret(scope: Construct, ctx: RdsMysqlHaContext, deps: { keyArn: string }): MasterSecret {
  const { settings, name, tags, rotationFunctionName } = ctx;
  const { keyArn } = deps;
  // The master password: an ephemeral value (Terraform 1.10+) drawn by Secrets Manager at each run
  // and only written when `masterPasswordVersion` changes, to the primary (`password_wo`) and to
  // the secret (`secret_string_wo`). cdktf 0.21 has no ephemeral block class: it is a stack override.
  const stack = TerraformStack.of(scope);
  const ephemeralName = `${name.replace(/-/g, '_')}_master_password`;
  stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${ephemeralName}`, {
    password_length: 40,
    // MySQL master passwords are 8-41 printable ASCII characters without / " @; letters and digits
    // sidestep the rule and the JSON quoting of the secret.
    exclude_punctuation: true,
    include_space: false,
    require_each_included_type: true,
  });
  const passwordRef = `\${ephemeral.aws_secretsmanager_random_password.${ephemeralName}.random_password}`;
  const masterSecret = new SecretsmanagerSecret(scope, 'master-secret', {
    name: `${name}-mysql-master`,
    description: `phi-stack ${name}: MySQL master user (break-glass and migrations; the app uses IAM authentication)`,
    kmsKeyId: keyArn,
    recoveryWindowInDays: settings.masterSecretRecoveryWindowDays,
    tags: {
      ...tags,
      'phi-stack:rotation-method': `Secrets Manager every ${MASTER_PASSWORD_ROTATION_DAYS} days through ${rotationFunctionName}. The app is unaffected: it connects with IAM database authentication`,
    },
  });
  const masterSecretValue = new SecretsmanagerSecretVersion(scope, 'master-secret-value', {
    secretId: masterSecret.id,
    secretStringWo: `{"username":"${settings.masterUsername}","password":"${passwordRef}","engine":"mysql","port":${settings.port},"dbInstanceIdentifier":"${name}"}`,
    secretStringWoVersion: settings.masterPasswordVersion,
  });
  return { masterSecret, masterSecretValue, passwordRef };
}

/** The rotation of the master password of `primary`, as the child construct `master-rotation` of `scope`. */
export function createMasterRotation(scope: Construct, ctx: RdsMysqlHaContext, deps: { master: MasterSecret; primary: DbInstance; keyArn: string }): MasterPasswordRotation {
  const { settings, tags, rotationFunctionName } = ctx;
  const { primary, keyArn } = deps;
  const { masterSecret, masterSecretValue } = deps.master;
  // Secrets Manager rotates the master password on a schedule; the function changes it through
  // the RDS API, so it needs no network path to the database.
  const masterPasswordRotation = new MasterPasswordRotation(scope, 'master-rotation', {
    functionName: rotationFunctionName,
    secretArn: masterSecret.arn,
    secretId: masterSecret.id,
    dbInstanceArn: primary.arn,
    keyArn,
    partition: ctx.partition,
    region: ctx.region,
    account: ctx.accountId,
    rotationDays: MASTER_PASSWORD_ROTATION_DAYS,
    logRetentionDays: settings.logRetentionDays,
    tags,
    dependsOn: [primary, masterSecretValue],
  });
  return masterPasswordRotation;
}
