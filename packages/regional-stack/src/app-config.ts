import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Problems } from '@phi-stack/constructs-core';
import type { RdsMysqlHa } from '@phi-stack/rds-mysql-ha';
import type { RedisPhi } from '@phi-stack/redis-phi';
import type { S3CloudFront } from '@phi-stack/s3-cloudfront';
import { Token } from 'cdktf';
import { Construct } from 'constructs';

/** Root of every stack's configuration path in Parameter Store. */
export const APP_CONFIG_ROOT = '/phi-stack';

/** SSM path of a stack's app configuration: `/phi-stack/<stack name>/config`. */
export function appConfigParameterPath(stackName: string): string {
  return `${APP_CONFIG_ROOT}/${stackName}/config`;
}

/** One parameter of the app-config contract. */
export interface AppConfigEntry {
  /** Name below the stack's path, e.g. `db/writer-endpoint`. */
  readonly name: string;
  /** Parameter type: values are never secrets, so never `SecureString`. */
  readonly type: 'String' | 'StringList';
  /** What the value means to the app (also the parameter's description). */
  readonly description: string;
  /** Where the value comes from. */
  readonly source: string;
  /** The stack output with the same value, when there is one. */
  readonly output?: string;
}

/**
 * The app-config contract: every parameter the web tier reads under `/phi-stack/<stack>/config/`.
 * Documented in the README's "App config contract" table; the unit and integration tests check
 * the stack against this list. Add a parameter here, in `AppConfig` and in the README together.
 */
export const APP_CONFIG_CONTRACT = [
  { name: 'db/writer-endpoint', type: 'String', description: 'Host name of the MySQL primary, for reads and writes (follows Multi-AZ failover)', source: 'RdsMysqlHa.dbInstanceEndpoint', output: 'dbInstanceEndpoint' },
  { name: 'db/reader-endpoints', type: 'StringList', description: 'Comma-separated host names of the MySQL read replicas; the writer endpoint when there are none', source: 'RdsMysqlHa.replicaEndpoints', output: 'dbReaderEndpoints' },
  { name: 'db/port', type: 'String', description: 'MySQL port of the primary and the replicas (TLS required)', source: 'RdsMysqlHa.dbInstancePort', output: 'dbInstancePort' },
  { name: 'db/iam-user', type: 'String', description: 'MySQL user the app connects as with an IAM authentication token (rds-db:connect; no password, tokens last 15 minutes)', source: 'RdsMysqlHa.iamDatabaseUserName', output: 'dbIamUserName' },
  { name: 'redis/primary-endpoint', type: 'String', description: 'Host name of the Redis primary (configuration endpoint in cluster mode), TLS required', source: 'RedisPhi.replicationGroupPrimaryEndpointAddress', output: 'redisPrimaryEndpoint' },
  { name: 'redis/reader-endpoint', type: 'String', description: 'Host name of the Redis reader endpoint (configuration endpoint in cluster mode), TLS required', source: 'RedisPhi.replicationGroupReaderEndpointAddress', output: 'redisReaderEndpoint' },
  { name: 'redis/port', type: 'String', description: 'Redis port', source: 'RedisPhi.replicationGroupPort', output: 'redisPort' },
  { name: 'redis/iam-user-id', type: 'String', description: 'ElastiCache user (id = name) the app sends with AUTH/HELLO and an IAM authentication token (elasticache:Connect; no password)', source: 'RedisPhi.appUserId', output: 'redisAppUserId' },
  { name: 'redis/replication-group-id', type: 'String', description: 'Replication group id, the cache name the IAM authentication token is signed for', source: 'RedisPhi.replicationGroupId', output: 'redisReplicationGroupId' },
  { name: 'images/bucket-name', type: 'String', description: 'Name of the patient image bucket (SSE-KMS)', source: 'S3CloudFront.bucketName', output: 'imagesBucketName' },
  { name: 'images/key-prefix', type: 'String', description: 'Key prefix the app reads and writes images under; the instance role allows no other', source: 'IMAGES_KEY_PREFIX (regional-stack)' },
  { name: 'cloudfront/domain-name', type: 'String', description: 'Domain name of the CloudFront distribution that serves the images through signed URLs', source: 'S3CloudFront.distributionDomainName', output: 'cloudfrontDomainName' },
  { name: 'cloudfront/public-key-id', type: 'String', description: 'CloudFront public key id, the Key-Pair-Id of signed URLs and cookies', source: 'S3CloudFront.publicKeyId', output: 'cloudfrontPublicKeyId' },
  { name: 'cloudfront/signer-key-secret-arn', type: 'String', description: 'ARN of the Secrets Manager secret holding the PEM private key that signs CloudFront URLs (put by the operator)', source: 'CloudFrontSignerKey.secretArn', output: 'cloudfrontSignerKeySecretArn' },
  { name: 'region', type: 'String', description: 'AWS region of the stack (for SDK clients)', source: 'region.json region' },
] as const satisfies readonly AppConfigEntry[];

/** Name of a parameter of the contract. */
export type AppConfigName = (typeof APP_CONFIG_CONTRACT)[number]['name'];

export interface AppConfigProps {
  /**
   * Name of the stack: the parameters live under `/phi-stack/<stackName>/config/`. Letters, digits,
   * `_`, `.` and `-`.
   */
  readonly stackName: string;
  /** AWS region of the stack, published as `region`. */
  readonly region: string;
  /** The database: writer and reader endpoints, port and IAM database user. */
  readonly database: RdsMysqlHa;
  /** The cache: endpoints, port, IAM user and replication group id. */
  readonly cache: RedisPhi;
  /** The image bucket and its distribution. */
  readonly images: S3CloudFront;
  /** Key prefix the app uses in the image bucket, e.g. `images/`. */
  readonly imagesKeyPrefix: string;
  /** ARN of the secret that holds the CloudFront signer's private key. */
  readonly signerKeySecretArn: string;
  /**
   * Tags of the parameters (on top of the provider's default tags).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The app-config contract published as SSM parameters (`String`/`StringList`, never secrets: the
 * secrets stay in Secrets Manager and the parameters name their ARNs) under one path per stack, so
 * that the web tier finds its data tier with one `GetParametersByPath` call.
 */
export class AppConfig extends Construct {
  /** The path of every parameter, e.g. `/phi-stack/phi-us-east-1/config` (no trailing slash). */
  public readonly parameterPath: string;
  /** The parameters, by contract name. */
  public readonly parameters: Readonly<Record<AppConfigName, SsmParameter>>;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(props.stackName)) {
      problems.add(`stackName must be 1-128 letters, digits, '_', '.' or '-' (got '${props.stackName}'): it is one level of the SSM path /phi-stack/<stackName>/config`);
    }
    const prefix = props.imagesKeyPrefix;
    if (!prefix || prefix.startsWith('/') || prefix.includes('*') || !prefix.endsWith('/')) {
      problems.add(`imagesKeyPrefix must be a key prefix like images/ ending with / and without a leading / or wildcard (got '${prefix}'): it is the only prefix the instance role may use`);
    }
    problems.throwIfAny();
    this.parameterPath = appConfigParameterPath(props.stackName);

    const { database, cache, images } = props;
    const values: Record<AppConfigName, string> = {
      'db/writer-endpoint': database.dbInstanceEndpoint,
      'db/reader-endpoints': database.replicaEndpoints.length > 0 ? database.replicaEndpoints.join(',') : database.dbInstanceEndpoint,
      'db/port': asString(database.dbInstancePort),
      'db/iam-user': database.iamDatabaseUserName,
      'redis/primary-endpoint': cache.replicationGroupPrimaryEndpointAddress,
      'redis/reader-endpoint': cache.replicationGroupReaderEndpointAddress,
      'redis/port': asString(cache.replicationGroupPort),
      'redis/iam-user-id': cache.appUserId,
      'redis/replication-group-id': cache.replicationGroupId,
      'images/bucket-name': images.bucketName,
      'images/key-prefix': prefix,
      'cloudfront/domain-name': images.distributionDomainName,
      'cloudfront/public-key-id': images.publicKeyId,
      'cloudfront/signer-key-secret-arn': props.signerKeySecretArn,
      region: props.region,
    };

    const parameters = {} as Record<AppConfigName, SsmParameter>;
    for (const entry of APP_CONFIG_CONTRACT) {
      // At most 5 levels and, with a 128-character stackName, 235 characters counted with the ARN:
      // inside SSM's limits of 15 levels and 1011 characters.
      const name = `${this.parameterPath}/${entry.name}`;
      parameters[entry.name] = new SsmParameter(this, entry.name.replace(/\//g, '-'), {
        name,
        type: entry.type,
        description: entry.description,
        // Not secrets: `insecure_value` keeps them readable in plans (values are references until apply).
        insecureValue: values[entry.name],
        tier: 'Standard',
        dataType: 'text',
        tags: props.tags,
      });
    }
    this.parameters = parameters;
  }
}

/** A port as a parameter value: a reference stays a reference, a literal becomes its decimal text. */
function asString(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}
