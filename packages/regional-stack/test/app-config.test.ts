import * as fs from 'node:fs';
import * as path from 'node:path';
import { PhiGuard } from '@phi-stack/phi-guard';
import { App, TerraformStack, Testing } from 'cdktf';
import { APP_CONFIG_CONTRACT, AppConfig, CloudFrontSignerKey, IMAGES_KEY_PREFIX, loadRegionConfig, regionCode, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const APPS = fs.readdirSync(path.join(REPO, 'apps')).filter((a) => fs.existsSync(path.join(REPO, 'apps', a, 'region.json')));
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

function build(app: string, overrides: Record<string, unknown> = {}): { stack: RegionalStack; json: Json } {
  const config = { ...loadRegionConfig(path.join(REPO, 'apps', app)), ...overrides };
  const stack = new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local' });
  return { stack, json: JSON.parse(Testing.synth(stack)) as Json };
}

/** `${type.<logical id>.attr}` of the one resource of `type` whose logical id starts with `prefix`. */
function ref(json: Json, type: string, prefix: string, attr: string, kind: 'resource' | 'data' = 'resource'): string {
  const keys = Object.keys(json[kind][type] ?? {}).filter((k) => k.startsWith(prefix));
  expect(keys).toHaveLength(1);
  return `\${${kind === 'data' ? 'data.' : ''}${type}.${keys[0]}.${attr}}`;
}
const parametersByName = (json: Json): Record<string, Json> =>
  Object.fromEntries((Object.values(json.resource.aws_ssm_parameter) as Json[]).map((p) => [p.name as string, p]));
const policyDoc = (json: Json, prefix: string): Json => Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith(prefix))![1] as Json;

describe.each(APPS)('app config of %s', (app) => {
  const { stack, json } = build(app);
  const config = stack.config;
  const configPath = `/phi-stack/phi-${config.region}/config`;
  const parameters = parametersByName(json);

  it('publishes exactly the contract parameters under /phi-stack/<stack>/config, as plain String/StringList', () => {
    expect(stack.appConfig.parameterPath).toBe(configPath);
    expect(Object.keys(parameters).sort()).toEqual(APP_CONFIG_CONTRACT.map((e) => `${configPath}/${e.name}`).sort());
    for (const entry of APP_CONFIG_CONTRACT) {
      const p = parameters[`${configPath}/${entry.name}`];
      expect(p).toEqual(expect.objectContaining({ type: entry.type, description: entry.description, tier: 'Standard', data_type: 'text' }));
      expect(p.value).toBeUndefined(); // not secrets: insecure_value, readable in plans
      expect(p.key_id).toBeUndefined();
    }
  });

  it('points every parameter at the resource it documents', () => {
    const dbs = Object.entries(json.resource.aws_db_instance) as [string, Json][];
    const [primary] = dbs.filter(([, d]) => !d.replicate_source_db).map(([k]) => k);
    const replicas = dbs.filter(([, d]) => d.replicate_source_db).map(([k]) => k).sort();
    expect(replicas).toHaveLength(config.dbReadReplicaCount);
    const value = (name: string) => parameters[`${configPath}/${name}`].insecure_value;
    expect(value('db/writer-endpoint')).toBe(`\${aws_db_instance.${primary}.address}`);
    expect(value('db/reader-endpoints')).toBe(replicas.map((r) => `\${aws_db_instance.${r}.address}`).join(','));
    expect(value('db/port')).toBe(`\${aws_db_instance.${primary}.port}`);
    expect(value('db/iam-user')).toBe('app');
    expect(value('redis/primary-endpoint')).toBe(ref(json, 'aws_elasticache_replication_group', 'cache_', 'primary_endpoint_address'));
    expect(value('redis/reader-endpoint')).toBe(ref(json, 'aws_elasticache_replication_group', 'cache_', 'reader_endpoint_address'));
    expect(value('redis/port')).toBe('6379');
    expect(value('redis/iam-user-id')).toBe(ref(json, 'aws_elasticache_user', 'cache_app-user', 'user_id'));
    expect(value('redis/replication-group-id')).toBe(ref(json, 'aws_elasticache_replication_group', 'cache_', 'id'));
    expect(value('images/bucket-name')).toBe(ref(json, 'aws_s3_bucket', 'images_bucket', 'bucket'));
    expect(value('images/key-prefix')).toBe(IMAGES_KEY_PREFIX);
    expect(value('cloudfront/domain-name')).toBe(ref(json, 'aws_cloudfront_distribution', 'images_', 'domain_name'));
    expect(value('cloudfront/public-key-id')).toBe(ref(json, 'aws_cloudfront_public_key', 'images_', 'id'));
    expect(value('cloudfront/signer-key-secret-arn')).toBe(ref(json, 'aws_secretsmanager_secret', 'cloudfront-signer-key', 'arn'));
    expect(value('region')).toBe(config.region);
  });

  it('grants the instance role the config path, the signer secret and its key, and IAM authentication to the database and the cache, no password', () => {
    const partition = ref(json, 'aws_partition', 'phi-stack-environment_partition', 'partition', 'data');
    const region = ref(json, 'aws_region', 'phi-stack-environment_region', 'name', 'data');
    const account = ref(json, 'aws_caller_identity', 'phi-stack-environment_account', 'account_id', 'data');
    const pathArn = `arn:${partition}:ssm:${region}:${account}:parameter${configPath}`;
    const dbEntries = Object.entries(json.resource.aws_db_instance) as [string, Json][];
    const [primary] = dbEntries.filter(([, d]) => !d.replicate_source_db).map(([k]) => k);
    const instances = [primary, ...dbEntries.filter(([, d]) => d.replicate_source_db).map(([k]) => k)];
    expect(policyDoc(json, 'web_instance-app-doc').statement).toEqual([
      { sid: 'ReadAppConfigParameters', effect: 'Allow', actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], resources: [pathArn, `${pathArn}/*`] },
      {
        sid: 'ReadAppSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [ref(json, 'aws_secretsmanager_secret', 'cloudfront-signer-key', 'arn')],
      },
      {
        sid: 'DecryptAppSecretsThroughSecretsManager',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [ref(json, 'aws_kms_key', 'cloudfront-signer-key', 'arn')],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${region}.amazonaws.com`] }],
      },
      {
        sid: 'ConnectToDatabaseWithIamAuth',
        effect: 'Allow',
        actions: ['rds-db:connect'],
        resources: instances.map((k) => `arn:${partition}:rds-db:${region}:${account}:dbuser:\${aws_db_instance.${k}.resource_id}/app`),
      },
      {
        sid: 'ConnectToCacheWithIamAuth',
        effect: 'Allow',
        actions: ['elasticache:Connect'],
        resources: [ref(json, 'aws_elasticache_replication_group', 'cache_', 'arn'), ref(json, 'aws_elasticache_user', 'cache_app-user', 'arn')],
      },
    ]);
    // The master secret is break-glass only: the instance role cannot read it.
    expect(JSON.stringify(policyDoc(json, 'web_instance-app-doc'))).not.toContain('master-secret');
    const policies = Object.values(json.resource.aws_iam_role_policy) as Json[];
    const onInstanceRole = policies.filter((p) => p.role === ref(json, 'aws_iam_role', 'web_instance-role', 'id')).map((p) => p.name);
    expect(onInstanceRole.sort()).toEqual(['app-config-and-secrets', 'image-bucket-prefix']);
    // The image grant is unchanged: read/write the images/ prefix, list it, and the bucket key through S3 only.
    const images = policyDoc(json, 'web_instance-images-doc').statement;
    expect(images[0]).toEqual(expect.objectContaining({ actions: ['s3:GetObject', 's3:PutObject'], resources: [`${ref(json, 'aws_s3_bucket', 'images_bucket', 'arn')}/images/*`] }));
    expect(images[2]).toEqual(expect.objectContaining({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [ref(json, 'aws_kms_key', 'images_', 'arn')] }));
  });

  it('keeps the signer private key in an empty secret encrypted with its own rotating key', () => {
    const secret = Object.entries(json.resource.aws_secretsmanager_secret).find(([k]) => k.startsWith('cloudfront-signer-key'))![1] as Json;
    expect(secret).toEqual(
      expect.objectContaining({
        name: `phi-${config.environment}-${regionCode(config.region)}-cloudfront-signer-key`,
        kms_key_id: ref(json, 'aws_kms_key', 'cloudfront-signer-key', 'arn'),
        recovery_window_in_days: 30,
      }),
    );
    const versions = Object.values(json.resource.aws_secretsmanager_secret_version ?? {}) as Json[];
    expect(versions.filter((v) => v.secret_id === ref(json, 'aws_secretsmanager_secret', 'cloudfront-signer-key', 'id'))).toEqual([]);
    const key = Object.entries(json.resource.aws_kms_key).find(([k]) => k.startsWith('cloudfront-signer-key'))![1] as Json;
    expect(key).toEqual(expect.objectContaining({ enable_key_rotation: true, deletion_window_in_days: 30 }));
    const keyPolicy = policyDoc(json, 'cloudfront-signer-key_key-policy').statement;
    expect(keyPolicy).toHaveLength(1);
    expect(keyPolicy[0].principals).toEqual([{ type: 'AWS', identifiers: [expect.stringMatching(/:iam::\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:root$/)] }]);
  });

  it('outputs the public key id, the signer secret, the config path and every contract value that has an output', () => {
    expect(json.output.cloudfrontPublicKeyId.value).toBe(ref(json, 'aws_cloudfront_public_key', 'images_', 'id'));
    expect(json.output.cloudfrontSignerKeySecretArn.value).toBe(ref(json, 'aws_secretsmanager_secret', 'cloudfront-signer-key', 'arn'));
    expect(json.output.appConfigParameterPath.value).toBe(configPath);
    for (const entry of APP_CONFIG_CONTRACT) {
      if (!('output' in entry)) continue;
      expect(json.output[entry.output]).toBeDefined();
      const out = json.output[entry.output].value;
      const param = parameters[`${configPath}/${entry.name}`].insecure_value;
      expect(Array.isArray(out) ? (out as string[]).join(',') : String(out)).toBe(param);
    }
  });

  it('stays free of phi-guard findings', () => {
    expect(PhiGuard.check(stack).map((f) => `[${f.ruleId}] ${f.path}: ${f.message}`)).toEqual([]);
  });
});

describe('app config edge cases and bad input', () => {
  it('publishes the writer as the only reader when there are no read replicas', () => {
    const { json } = build('us-east-1', { dbReadReplicaCount: 0 });
    const parameters = parametersByName(json);
    const readers = parameters['/phi-stack/phi-us-east-1/config/db/reader-endpoints'];
    expect(readers.type).toBe('StringList');
    expect(readers.insecure_value).toBe(parameters['/phi-stack/phi-us-east-1/config/db/writer-endpoint'].insecure_value);
  });

  it('rejects a stack name that is not one SSM path level, and an image prefix the role could not be scoped to', () => {
    const { stack } = build('us-east-1');
    const props = {
      stackName: 'phi-us-east-1',
      region: 'us-east-1',
      database: stack.database,
      cache: stack.cache,
      images: stack.images,
      imagesKeyPrefix: IMAGES_KEY_PREFIX,
      signerKeySecretArn: stack.signerKey.secretArn,
    };
    expect(() => new AppConfig(stack, 'bad-stack-name', { ...props, stackName: 'phi:us-east-1' })).toThrow(
      "phi-us-east-1/bad-stack-name: stackName must be 1-128 letters, digits, '_', '.' or '-' (got 'phi:us-east-1'): it is one level of the SSM path /phi-stack/<stackName>/config",
    );
    expect(() => new AppConfig(stack, 'long-stack-name', { ...props, stackName: 'a'.repeat(129) })).toThrow('phi-us-east-1/long-stack-name: stackName must be 1-128 letters');
    ['', '/images/', 'images/*', 'images'].forEach((bad, i) => {
      expect(() => new AppConfig(stack, `bad-prefix-${i}`, { ...props, imagesKeyPrefix: bad })).toThrow(
        `phi-us-east-1/bad-prefix-${i}: imagesKeyPrefix must be a key prefix like images/ ending with / and without a leading / or wildcard (got '${bad}'): it is the only prefix the instance role may use`,
      );
    });
  });

  it('names both bad props of a signer key in one error', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new CloudFrontSignerKey(stack, 'signer', { name: 'Phi_Prod', recoveryWindowDays: 3 })).toThrow(
      new Error(
        [
          'test/signer: 2 problems:',
          "name must be 2-40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got 'Phi_Prod'): it prefixes the secret name and the key alias",
          'recoveryWindowDays must be an integer between 7 and 30 (got 3): a deleted signer key stays recoverable for at least a week',
        ].join('\n  - '),
      ),
    );
  });

  it('rejects a signer key name or recovery window out of bounds', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new CloudFrontSignerKey(stack, 'signer', { name: 'Phi_Prod' })).toThrow(
      "test/signer: name must be 2-40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got 'Phi_Prod'): it prefixes the secret name and the key alias",
    );
    expect(() => new CloudFrontSignerKey(stack, 'signer-2', { name: 'phi-prod', recoveryWindowDays: 3 })).toThrow(
      'test/signer-2: recoveryWindowDays must be an integer between 7 and 30 (got 3): a deleted signer key stays recoverable for at least a week',
    );
  });
});
