// The instance role: SSM core, the app's config path, secrets and their keys, and the database
// and cache users only; grants (`grantPrincipal`) add to it. The app-access props are validated here.
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IPrincipal, Problems, rolePrincipal } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AlbAsgContext } from './context';
import { AlbAsgProps } from './props';

/** The instance role and its profile. */
export interface InstanceRole {
  readonly role: IamRole;
  readonly profile: IamInstanceProfile;
  /** The role as a grant principal; its policies are `instance-<id>` at `scope`. */
  readonly grantPrincipal: IPrincipal;
}

/** The instances' role at `scope`: SSM core plus the app-access policy, and its instance profile. */
export function createInstanceRole(scope: Construct, ctx: AlbAsgContext): InstanceRole {
  const { tags } = ctx;
  const { name } = ctx.settings;
  const assume = new DataAwsIamPolicyDocument(scope, 'instance-assume', {
    statement: [{ effect: 'Allow', principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }], actions: ['sts:AssumeRole'] }],
  });
  const role = new IamRole(scope, 'instance-role', { name: `${name}-instance`, assumeRolePolicy: assume.json, tags: tags(`${name}-instance`) });
  new IamRolePolicyAttachment(scope, 'instance-ssm', {
    role: role.name,
    policyArn: `arn:${ctx.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
  });
  const grantPrincipal = rolePrincipal(scope, role, 'instance-');
  const appStatements = appAccessStatements(ctx.settings.appAccess, { partition: ctx.partition, region: ctx.region, account: ctx.accountId });
  if (appStatements.length > 0) {
    const doc = new DataAwsIamPolicyDocument(scope, 'instance-app-doc', { statement: appStatements });
    new IamRolePolicy(scope, 'instance-app', { name: 'app-config-and-secrets', role: role.id, policy: doc.json });
  }
  const profile = new IamInstanceProfile(scope, 'instance-profile', { name: `${name}-instance`, role: role.name, tags: tags(`${name}-instance`) });
  return { role, profile, grantPrincipal };
}

/** Longest ARN prefix of an SSM parameter (partition, region and account included) before its name. */
const SSM_PARAMETER_ARN_PREFIX_MAX = 'arn:aws-us-gov:ssm:ap-southeast-7:123456789012:parameter'.length;
/** SSM caps a parameter's name, counted with its ARN, at 1011 characters. */
const SSM_PARAMETER_ARN_MAX = 1011;
/** SSM caps a parameter hierarchy at 15 levels. */
const SSM_MAX_LEVELS = 15;

/** The app-tier grants of the instance role, validated. */
export interface AppAccess {
  readonly secretArns: string[];
  readonly secretKmsKeyArns: string[];
  readonly configParameterPath?: string;
  readonly dbResourceIds: string[];
  readonly dbUserName?: string;
  readonly cacheConnectArns: string[];
}

export function validateAppAccess(problems: Problems, props: AlbAsgProps): AppAccess {
  const known = (value: string): boolean => !Token.isUnresolved(value);
  const secretArns = props.appSecretArns ?? [];
  // Names of secrets that services manage start with `<service>!` (RDS: `rds!db-<id>`); `*` and `?` never pass.
  secretArns.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+$/.test(arn)) {
      problems.add(`appSecretArns[${i}] must be a full Secrets Manager secret ARN like arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-AbCdEf, without wildcards (got '${arn}'): the instances may read exactly the secrets listed`);
    }
  });
  const secretKmsKeyArns = props.appSecretKmsKeyArns ?? [];
  if (secretKmsKeyArns.length > 0 && secretArns.length === 0) {
    problems.add(`appSecretKmsKeyArns needs appSecretArns (got ${secretKmsKeyArns.length} key(s) and no secret): the keys are granted for decrypting those secrets through Secrets Manager only`);
  }
  secretKmsKeyArns.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(arn)) {
      problems.add(`appSecretKmsKeyArns[${i}] must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got '${arn}'): IAM matches kms:Decrypt on the key ARN, not on an alias or a wildcard`);
    }
  });

  const path = props.appConfigParameterPath;
  if (path !== undefined && known(path)) {
    if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(path)) {
      problems.add(`appConfigParameterPath must be an SSM path like /phi-stack/phi-us-east-1/config: a leading /, segments of letters, digits, '_', '.' or '-', no trailing / and no wildcard (got '${path}')`);
    }
    if (/^\/(aws|ssm)/i.test(path)) problems.add(`appConfigParameterPath must not begin with /aws or /ssm (got '${path}'): SSM reserves those prefixes`);
    const levels = path.split('/').length - 1;
    if (levels >= SSM_MAX_LEVELS) {
      problems.add(`appConfigParameterPath must have at most ${SSM_MAX_LEVELS - 1} levels (got ${levels} in '${path}'): the parameters under it add one more and SSM allows ${SSM_MAX_LEVELS}`);
    }
    if (SSM_PARAMETER_ARN_PREFIX_MAX + path.length + 2 > SSM_PARAMETER_ARN_MAX) {
      problems.add(`appConfigParameterPath is too long (got ${path.length} characters): with its ARN prefix and a parameter name it must fit in the ${SSM_PARAMETER_ARN_MAX} characters SSM allows; use a shorter path`);
    }
  }

  const dbResourceIds = props.iamDatabaseAuthResourceIds ?? [];
  const dbUserName = props.iamDatabaseAuthUserName;
  if (dbResourceIds.length > 0 && dbUserName === undefined) {
    problems.add('iamDatabaseAuthResourceIds needs iamDatabaseAuthUserName (got no user name): rds-db:connect is granted for one database user, never for all');
  }
  if (dbUserName !== undefined && dbResourceIds.length === 0) {
    problems.add(`iamDatabaseAuthUserName needs iamDatabaseAuthResourceIds (got user '${dbUserName}' and no resource id): pass the DbiResourceId of each instance the app connects to, e.g. database.primary.resourceId`);
  }
  dbResourceIds.forEach((id, i) => {
    if (known(id) && !/^db-[A-Z0-9]+$/.test(id)) {
      problems.add(`iamDatabaseAuthResourceIds[${i}] must be an RDS DbiResourceId like db-ABCDEFGHIJKLMNOPQRSTUVWXY1 (got '${id}'): IAM authentication is granted per instance resource id, not per identifier`);
    }
  });
  if (dbUserName !== undefined && known(dbUserName) && !/^[A-Za-z0-9_]{1,32}$/.test(dbUserName)) {
    problems.add(`iamDatabaseAuthUserName must be a MySQL user name of 1-32 letters, digits or underscores (got '${dbUserName}'): it ends the rds-db:connect resource ARN, where a wildcard would admit every user`);
  }
  const cacheGroups = props.iamCacheAuthReplicationGroupArns ?? [];
  const cacheUsers = props.iamCacheAuthUserArns ?? [];
  if ((cacheGroups.length === 0) !== (cacheUsers.length === 0)) {
    problems.add(
      `iamCacheAuthReplicationGroupArns and iamCacheAuthUserArns go together (got ${cacheGroups.length} replication group(s) and ${cacheUsers.length} user(s)): elasticache:Connect needs both the cache and the user ARN`,
    );
  }
  cacheGroups.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:replicationgroup:[a-z][a-z0-9-]*$/.test(arn)) {
      problems.add(`iamCacheAuthReplicationGroupArns[${i}] must be an ElastiCache replication group ARN like arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions, without wildcards (got '${arn}')`);
    }
  });
  cacheUsers.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:user:[a-z][a-z0-9-]*$/.test(arn)) {
      problems.add(`iamCacheAuthUserArns[${i}] must be an ElastiCache user ARN like arn:aws:elasticache:us-east-1:123456789012:user:sessions-app, without wildcards (got '${arn}')`);
    }
  });
  // Literal duplicates are listed once; tokens are distinct strings and pass through as given.
  return {
    secretArns: [...new Set(secretArns)],
    secretKmsKeyArns: [...new Set(secretKmsKeyArns)],
    configParameterPath: path,
    dbResourceIds: [...new Set(dbResourceIds)],
    dbUserName,
    cacheConnectArns: [...new Set([...cacheGroups, ...cacheUsers])],
  };
}

/** The statements of the instance role's `app-config-and-secrets` policy: exactly the app's config, secrets, keys and database user. */
function appAccessStatements(access: AppAccess, ctx: { partition: string; region: string; account: string }): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (access.configParameterPath !== undefined) {
    const pathArn = `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.account}:parameter${access.configParameterPath}`;
    statements.push({
      // GetParametersByPath is authorized against the requested path; GetParameter(s) against each parameter.
      sid: 'ReadAppConfigParameters',
      effect: 'Allow',
      actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      resources: [pathArn, `${pathArn}/*`],
    });
  }
  if (access.secretArns.length > 0) {
    statements.push({ sid: 'ReadAppSecrets', effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: access.secretArns });
  }
  if (access.secretKmsKeyArns.length > 0) {
    statements.push({
      sid: 'DecryptAppSecretsThroughSecretsManager',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: access.secretKmsKeyArns,
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${ctx.region}.amazonaws.com`] }],
    });
  }
  if (access.dbResourceIds.length > 0) {
    statements.push({
      sid: 'ConnectToDatabaseWithIamAuth',
      effect: 'Allow',
      actions: ['rds-db:connect'],
      resources: access.dbResourceIds.map((id) => `arn:${ctx.partition}:rds-db:${ctx.region}:${ctx.account}:dbuser:${id}/${access.dbUserName}`),
    });
  }
  if (access.cacheConnectArns.length > 0) {
    // ElastiCache IAM authentication: the role signs a token for the user; Connect is authorized on
    // both the replication group and the user.
    statements.push({ sid: 'ConnectToCacheWithIamAuth', effect: 'Allow', actions: ['elasticache:Connect'], resources: access.cacheConnectArns });
  }
  return statements;
}
