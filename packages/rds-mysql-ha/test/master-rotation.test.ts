import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { MASTER_PASSWORD_ROTATION_DAYS, MASTER_ROTATION_HANDLER_SOURCE, RdsMysqlHa, ROTATION_RUNTIME, storedZip } from '../src';

// The synthesized JSON is untyped; the assertions are its schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function synth(): Json {
  const stack = new TerraformStack(Testing.app(), 'phi-test');
  new RdsMysqlHa(stack, 'db', { name: 'patients-db', vpcId: 'vpc-0123', subnetIds: ['subnet-a', 'subnet-b'], allowedSecurityGroupIds: ['sg-app'] });
  return JSON.parse(Testing.synth(stack));
}

/** The one resource of a type whose logical id starts with the construct path (`db_master-rotation_function`). */
function one(json: Json, block: 'resource' | 'data', type: string, path: string): { key: string; value: Json } {
  const entries = Object.entries<Json>(json[block]?.[type] ?? {}).filter(([k]) => k.startsWith(path.replace(/\//g, '_')));
  if (entries.length !== 1) throw new Error(`${entries.length} ${type} at ${path}`);
  return { key: entries[0][0], value: entries[0][1] };
}

describe('RdsMysqlHa master password rotation', () => {
  const json = synth();
  const secret = one(json, 'resource', 'aws_secretsmanager_secret', 'db/master-secret');
  const fn = one(json, 'resource', 'aws_lambda_function', 'db/master-rotation/function');
  const key = one(json, 'resource', 'aws_kms_key', 'db/key');
  const primary = one(json, 'resource', 'aws_db_instance', 'db/primary');

  it('has Secrets Manager rotate the master secret every 90 days through the function, without rotating at apply', () => {
    const { value: rotation } = one(json, 'resource', 'aws_secretsmanager_secret_rotation', 'db/master-rotation/schedule');
    expect(rotation).toMatchObject({
      secret_id: `\${aws_secretsmanager_secret.${secret.key}.id}`,
      rotation_lambda_arn: `\${aws_lambda_function.${fn.key}.arn}`,
      rotation_rules: { automatically_after_days: MASTER_PASSWORD_ROTATION_DAYS },
      rotate_immediately: false,
    });
    // The first test of the function must find the database and the secret's first value.
    expect(rotation.depends_on).toEqual(expect.arrayContaining([`aws_db_instance.${primary.key}`, expect.stringMatching(/^aws_secretsmanager_secret_version\./), expect.stringMatching(/^aws_lambda_permission\./)]));
    expect(secret.value.tags['phi-stack:rotation-schedule']).toBeUndefined();
    expect(secret.value.tags['phi-stack:rotation-method']).toMatch(/^Secrets Manager every 90 days through patients-db-mysql-master-rotation\. /);
  });

  it('lets Secrets Manager invoke the function for this secret only', () => {
    const { value: permission } = one(json, 'resource', 'aws_lambda_permission', 'db/master-rotation/secrets-manager-invoke');
    expect(permission).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'secretsmanager.amazonaws.com',
      function_name: `\${aws_lambda_function.${fn.key}.function_name}`,
      source_arn: `\${aws_secretsmanager_secret.${secret.key}.arn}`,
    });
  });

  it('packages the handler as a reproducible zip whose hash is the deployment hash', () => {
    const zip = storedZip([{ name: 'index.js', content: MASTER_ROTATION_HANDLER_SOURCE }]);
    expect(storedZip([{ name: 'index.js', content: MASTER_ROTATION_HANDLER_SOURCE }]).equals(zip)).toBe(true);
    expect(fn.value).toMatchObject({
      function_name: 'patients-db-mysql-master-rotation',
      runtime: ROTATION_RUNTIME,
      handler: 'index.handler',
      timeout: 300,
      source_code_hash: createHash('sha256').update(zip).digest('base64'),
      logging_config: { log_format: 'JSON', application_log_level: 'INFO', system_log_level: 'INFO' },
    });
    expect(fn.value.filename).toMatch(/^assets\/.+\.zip$/);
    expect(fn.value.vpc_config).toBeUndefined();
    // A zip tool reads the archive back: one entry, the handler, byte for byte.
    const dir = mkdtempSync(join(tmpdir(), 'rotation-zip-'));
    writeFileSync(join(dir, 'a.zip'), zip);
    const listed = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); z.testzip(); print(z.namelist()); sys.stdout.write(z.read("index.js").decode())', join(dir, 'a.zip')], { encoding: 'utf8' });
    expect(listed).toBe(`['index.js']\n${MASTER_ROTATION_HANDLER_SOURCE}`);
  });

  it('logs to its own key-encrypted log group, which the key admits CloudWatch Logs for', () => {
    const { value: group } = one(json, 'resource', 'aws_cloudwatch_log_group', 'db/master-rotation/log-group');
    expect(group).toMatchObject({ name: '/aws/lambda/patients-db-mysql-master-rotation', kms_key_id: `\${aws_kms_key.${key.key}.arn}`, retention_in_days: 365 });
    expect(fn.value.logging_config.log_group).toBe(`\${aws_cloudwatch_log_group.${one(json, 'resource', 'aws_cloudwatch_log_group', 'db/master-rotation/log-group').key}.name}`);
    const policy = one(json, 'data', 'aws_iam_policy_document', 'db/key/key-policy').value;
    const logs = policy.statement.find((s: Json) => s.sid === 'CloudWatchLogsForThisDatabase');
    expect(logs.condition[0].values).toEqual([expect.stringMatching(/log-group:\/aws\/rds\/instance\/patients-db\*$/), expect.stringMatching(/log-group:\/aws\/lambda\/patients-db-mysql-master-rotation$/)]);
  });

  it('grants the function this secret, this database and the key through Secrets Manager, nothing else', () => {
    const doc = one(json, 'data', 'aws_iam_policy_document', 'db/master-rotation/policy').value;
    const bySid = Object.fromEntries(doc.statement.map((s: Json) => [s.sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(['DrawPassword', 'OwnLogGroup', 'SecretKeyThroughSecretsManager', 'ThisDatabaseOnly', 'ThisSecretOnly']);
    expect(bySid.ThisSecretOnly.resources).toEqual([`\${aws_secretsmanager_secret.${secret.key}.arn}`]);
    expect(bySid.ThisDatabaseOnly).toMatchObject({ actions: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance'], resources: [`\${aws_db_instance.${primary.key}.arn}`] });
    expect(bySid.SecretKeyThroughSecretsManager.condition[0]).toMatchObject({ test: 'StringEquals', variable: 'kms:ViaService' });
    for (const s of doc.statement) {
      expect(s.actions.every((a: string) => !a.includes('*'))).toBe(true);
      if (s.resources.includes('*')) expect(s.actions).toEqual(['secretsmanager:GetRandomPassword']);
    }
    const trust = one(json, 'data', 'aws_iam_policy_document', 'db/master-rotation/trust').value;
    expect(trust.statement).toEqual([{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }]);
  });
});

// The handler's decisions, against an in-memory Secrets Manager and RDS that answer as the APIs do.
type Versions = Record<string, { stages: string[]; value?: string }>;

function fakes(versions: Versions, db: Json = { DBInstanceStatus: 'available', MasterUsername: 'phiadmin' }) {
  const calls: string[] = [];
  const notFound = (): Error => Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
  const secretsManager = {
    async send(cmd: { constructor: { name: string }; input: Json }): Promise<Json> {
      const { input } = cmd;
      calls.push(cmd.constructor.name);
      switch (cmd.constructor.name) {
        case 'DescribeSecretCommand':
          return { RotationEnabled: true, VersionIdsToStages: Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.stages])) };
        case 'GetSecretValueCommand': {
          const id = input.VersionId ?? Object.keys(versions).find((k) => versions[k].stages.includes(input.VersionStage));
          const v = id ? versions[id] : undefined;
          if (!v || v.value === undefined || (input.VersionStage && !v.stages.includes(input.VersionStage))) throw notFound();
          return { VersionId: id, SecretString: v.value };
        }
        case 'GetRandomPasswordCommand':
          return { RandomPassword: 'N3wPassword0123456789abcdefghijklmnopqrs' };
        case 'PutSecretValueCommand':
          versions[input.ClientRequestToken] = { stages: input.VersionStages, value: input.SecretString };
          return {};
        case 'UpdateSecretVersionStageCommand':
          versions[input.RemoveFromVersionId].stages = ['AWSPREVIOUS'];
          versions[input.MoveToVersionId].stages.push('AWSCURRENT');
          return {};
        default:
          throw new Error(`unexpected ${cmd.constructor.name}`);
      }
    },
  };
  const rds = {
    async send(cmd: { constructor: { name: string }; input: Json }): Promise<Json> {
      calls.push(`${cmd.constructor.name}:${cmd.input.DBInstanceIdentifier}`);
      if (cmd.constructor.name === 'DescribeDBInstancesCommand') return { DBInstances: [db] };
      if (cmd.constructor.name === 'ModifyDBInstanceCommand') return {};
      throw new Error(`unexpected ${cmd.constructor.name}`);
    },
  };
  return { clients: { secretsManager, rds }, calls };
}

type Rotate = (event: Json, clients: Json, options?: Json) => Promise<string>;
const handler = (() => {
  const module = { exports: {} as { rotate: Rotate; handler: (e: Json) => Promise<void> } };
  new Function('require', 'module', 'exports', MASTER_ROTATION_HANDLER_SOURCE)(createRequire(__filename), module, module.exports);
  return module.exports;
})();
const CURRENT = JSON.stringify({ username: 'phiadmin', password: 'old', engine: 'mysql', port: 3306, dbInstanceIdentifier: 'patients-db' });
const event = (Step: string): Json => ({ SecretId: 'arn:secret', ClientRequestToken: 'new', Step });

describe('rotation handler', () => {
  it('exports the Lambda entry point', () => {
    expect(typeof handler.handler).toBe('function');
  });

  it('keeps every field but the password and never logs a secret value', async () => {
    const versions: Versions = { cur: { stages: ['AWSCURRENT'], value: CURRENT }, new: { stages: ['AWSPENDING'] } };
    const { clients, calls } = fakes(versions);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await handler.rotate(event(step), clients, { pollMs: 1, timeoutMs: 50 });
    expect(JSON.parse(versions.new.value!)).toEqual({ ...JSON.parse(CURRENT), password: 'N3wPassword0123456789abcdefghijklmnopqrs' });
    expect(versions.new.stages).toEqual(['AWSPENDING', 'AWSCURRENT']);
    expect(versions.cur.stages).toEqual(['AWSPREVIOUS']);
    expect(calls).toContain('ModifyDBInstanceCommand:patients-db');
    const logged = log.mock.calls.map((c) => String(c[0])).join('\n');
    log.mockRestore();
    expect(logged).not.toMatch(/N3wPassword|old"/);
    expect(logged).toContain('"step":"finishSecret"');
  });

  it('refuses a version that is not pending, an unknown step and a secret whose rotation is off', async () => {
    const { clients } = fakes({ cur: { stages: ['AWSCURRENT'], value: CURRENT }, new: { stages: ['AWSPREVIOUS'] } });
    await expect(handler.rotate(event('createSecret'), clients)).rejects.toThrow('secret version new is not AWSPENDING for rotation of secret arn:secret');
    await expect(handler.rotate(event('dropSecret'), clients)).rejects.toThrow('unknown rotation step dropSecret');
    const off = { async send(): Promise<Json> { return { RotationEnabled: false }; } };
    await expect(handler.rotate(event('createSecret'), { ...clients, secretsManager: off })).rejects.toThrow('secret arn:secret is not enabled for rotation');
  });

  it('refuses to set the password of a replica or of another master user', async () => {
    const pending = { cur: { stages: ['AWSCURRENT'], value: CURRENT }, new: { stages: ['AWSPENDING'], value: CURRENT.replace('old', 'next') } };
    const replica = fakes({ ...pending }, { DBInstanceStatus: 'available', MasterUsername: 'phiadmin', ReadReplicaSourceDBInstanceIdentifier: 'src' });
    await expect(handler.rotate(event('setSecret'), replica.clients)).rejects.toThrow('patients-db is a read replica');
    expect(replica.calls.filter((c) => c.startsWith('Modify'))).toEqual([]);
    const other = fakes({ ...pending }, { DBInstanceStatus: 'available', MasterUsername: 'admin' });
    await expect(handler.rotate(event('setSecret'), other.clients)).rejects.toThrow('names user phiadmin but patients-db has master user admin');
  });

  it('fails testSecret while RDS still applies the password, after its time limit', async () => {
    const pending = { cur: { stages: ['AWSCURRENT'], value: CURRENT }, new: { stages: ['AWSPENDING'], value: CURRENT } };
    const { clients } = fakes(pending, { DBInstanceStatus: 'resetting-master-credentials', MasterUsername: 'phiadmin', PendingModifiedValues: { MasterUserPassword: '****' } });
    await expect(handler.rotate(event('testSecret'), clients, { pollMs: 5, timeoutMs: 30 })).rejects.toThrow('patients-db still resetting-master-credentials with a pending password change after 30 ms');
  });
});
