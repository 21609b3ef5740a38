import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  DBInstance,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeOptionGroupsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createRequire } from 'node:module';
import { describeEmulatorStack, EmulatorStackContext, TerraformWorkdir } from '@phi-stack/emulator';
import { RdsMysqlHaExample } from '../examples/multi-az-with-replicas';
import { MASTER_ROTATION_HANDLER_SOURCE } from '../src';

type RotationClients = { secretsManager: SecretsManagerClient; rds: RDSClient };
type Rotate = (event: { SecretId: string; ClientRequestToken: string; Step: string }, clients: RotationClients, options?: { pollMs: number; timeoutMs: number }) => Promise<string>;

/** The rotation function's code as Lambda loads it, with this repository's AWS SDK. */
function rotationHandler(): { rotate: Rotate } {
  const module = { exports: {} as { rotate: Rotate } };
  new Function('require', 'module', 'exports', MASTER_ROTATION_HANDLER_SOURCE)(createRequire(__filename), module, module.exports);
  return module.exports;
}

const NAME = 'phi-example-db';
const LOGS = ['audit', 'error', 'general', 'slowquery'];

async function instances(ctx: EmulatorStackContext): Promise<DBInstance[]> {
  const rds = new RDSClient(ctx.clientConfig);
  const out = await rds.send(new DescribeDBInstancesCommand({}));
  return (out.DBInstances ?? []).filter((db) => db.DBInstanceIdentifier?.startsWith(NAME));
}

describeEmulatorStack(
  'rds-mysql-ha example',
  {
    region: 'us-east-1',
    build: (app) => {
      new RdsMysqlHaExample(app, 'rds-mysql-ha-example');
    },
  },
  (ctx) => {
    const byId = async (): Promise<Record<string, DBInstance>> => Object.fromEntries((await instances(ctx)).map((db) => [db.DBInstanceIdentifier!, db]));

    it('runs a Multi-AZ MySQL 8.4 primary on gp3, encrypted with the construct key, not public', async () => {
      const primary = (await byId())[NAME];
      expect(primary).toMatchObject({
        Engine: 'mysql',
        EngineVersion: expect.stringMatching(/^8\.4(\.\d+)?$/),
        MultiAZ: true,
        StorageEncrypted: true,
        KmsKeyId: ctx.outputs.kmsKeyArn,
        StorageType: 'gp3',
        MaxAllocatedStorage: 100,
        PubliclyAccessible: false,
        IAMDatabaseAuthenticationEnabled: true,
        BackupRetentionPeriod: 35,
        CopyTagsToSnapshot: true,
        DBName: 'patients',
      });
      expect(primary.EngineVersion).toMatch(/^8\.4/);
      expect(primary.DBInstanceArn).toBe(ctx.outputs.dbInstanceArn);
      expect(primary.Endpoint?.Address).toBe(ctx.outputs.dbInstanceEndpoint);
      expect(primary.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId)).toEqual([ctx.outputs.securityGroupId]);
      expect(primary.DBSubnetGroup?.DBSubnetGroupName).toBe(NAME);
      expect(primary.DBSubnetGroup?.Subnets?.map((s) => s.SubnetIdentifier).sort()).toEqual([...ctx.outputs.subnetIds].sort());
    });

    it('keeps a write-only master password in a construct-key secret that Secrets Manager rotates, not an RDS-managed one', async () => {
      const primary = (await byId())[NAME];
      // RDS does not create read replicas of a source whose master password it manages.
      expect(primary.MasterUserSecret).toBeUndefined();
      const sm = new SecretsManagerClient(ctx.clientConfig);
      const secret = await sm.send(new DescribeSecretCommand({ SecretId: ctx.outputs.masterUserSecretArn }));
      expect(secret.KmsKeyId).toBe(ctx.outputs.kmsKeyArn);
      expect(secret).toMatchObject({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 90 } });
      expect(secret.RotationLambdaARN).toMatch(new RegExp(`:function:${NAME}-mysql-master-rotation$`));
      const value = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: ctx.outputs.masterUserSecretArn }))).SecretString!) as Record<string, unknown>;
      expect(value).toMatchObject({ username: 'phiadmin', engine: 'mysql', dbInstanceIdentifier: NAME });
      expect(String(value.password)).toMatch(/^[A-Za-z0-9]{40}$/);
      // Neither the password nor any attribute holding it is in the applied state.
      const state = (await new TerraformWorkdir(ctx.workDir).must('show', ['show', '-json'])).stdout;
      expect(state).not.toContain(String(value.password));
    });

    it('replicates to two encrypted, monitored replicas in two AZs whose source is the primary', async () => {
      const all = await byId();
      const primary = all[NAME];
      const replicas = (ctx.outputs.replicaIdentifiers as string[]).map((id) => all[id]);
      expect(replicas).toHaveLength(2);
      expect([...(primary.ReadReplicaDBInstanceIdentifiers ?? [])].sort()).toEqual([...ctx.outputs.replicaIdentifiers].sort());
      for (const replica of replicas) {
        // AWS reports the identifier of a same-region source; the ARN is accepted as the same instance.
        expect([NAME, ctx.outputs.dbInstanceArn]).toContain(replica.ReadReplicaSourceDBInstanceIdentifier);
        expect(replica).toMatchObject({ StorageEncrypted: true, KmsKeyId: ctx.outputs.kmsKeyArn, MonitoringInterval: 60, IAMDatabaseAuthenticationEnabled: true, PubliclyAccessible: false });
        expect(replica.MonitoringRoleArn).toMatch(new RegExp(`:role/${NAME}-rds-monitoring$`));
        expect(replica.EnabledCloudwatchLogsExports?.slice().sort()).toEqual(LOGS);
      }
      expect(new Set(replicas.map((r) => r.AvailabilityZone)).size).toBe(2);
      expect(replicas.map((r) => r.Endpoint?.Address)).toEqual(ctx.outputs.replicaEndpoints);
    });

    it('monitors the primary with the enhanced monitoring role and Performance Insights under the key', async () => {
      const primary = (await byId())[NAME];
      expect(primary.MonitoringInterval).toBe(60);
      expect(primary.MonitoringRoleArn).toMatch(new RegExp(`:role/${NAME}-rds-monitoring$`));
      expect(primary.PerformanceInsightsEnabled).toBe(true);
      expect(primary.PerformanceInsightsKMSKeyId).toBe(ctx.outputs.kmsKeyArn);
      const policies = await new IAMClient(ctx.clientConfig).send(new ListAttachedRolePoliciesCommand({ RoleName: `${NAME}-rds-monitoring` }));
      expect(policies.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AmazonRDSEnhancedMonitoringRole']);
    });

    it('requires TLS through the parameter group and loads the audit plugin', async () => {
      const rds = new RDSClient(ctx.clientConfig);
      const primary = (await byId())[NAME];
      expect(primary.DBParameterGroups?.map((g) => g.DBParameterGroupName)).toEqual([`${NAME}-mysql84`]);
      const params = await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: `${NAME}-mysql84` }));
      const value = (name: string) => params.Parameters?.find((p) => p.ParameterName === name)?.ParameterValue;
      // MySQL reads 1 and ON alike; RDS instance parameter groups store the boolean as 1.
      expect(['1', 'ON']).toContain(value('require_secure_transport'));
      expect(value('slow_query_log')).toBe('1');
      expect(value('log_output')).toBe('FILE');
      expect(primary.OptionGroupMemberships?.map((o) => o.OptionGroupName)).toEqual([`${NAME}-mysql84-audit`]);
      const options = await rds.send(new DescribeOptionGroupsCommand({ OptionGroupName: `${NAME}-mysql84-audit` }));
      expect(options.OptionGroupsList?.[0].MajorEngineVersion).toBe('8.4');
      expect(options.OptionGroupsList?.[0].Options?.map((o) => o.OptionName)).toEqual(['MARIADB_AUDIT_PLUGIN']);
    });

    it('exports audit, error, general and slowquery logs into key-encrypted log groups', async () => {
      const primary = (await byId())[NAME];
      expect(primary.EnabledCloudwatchLogsExports?.slice().sort()).toEqual(LOGS);
      const groups = await new CloudWatchLogsClient(ctx.clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/rds/instance/${NAME}` }));
      expect(groups.logGroups).toHaveLength(12);
      for (const group of groups.logGroups ?? []) {
        expect(group.kmsKeyId).toBe(ctx.outputs.kmsKeyArn);
        expect(group.retentionInDays).toBe(365);
      }
    });

    it('admits the MySQL port only from the app security group, with a rotating key', async () => {
      const rules = await new EC2Client(ctx.clientConfig).send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [ctx.outputs.securityGroupId] }] }));
      expect(rules.SecurityGroupRules?.map((r) => ({ egress: r.IsEgress, from: r.FromPort, to: r.ToPort, source: r.ReferencedGroupInfo?.GroupId, cidr: r.CidrIpv4 }))).toEqual([
        { egress: false, from: 3306, to: 3306, source: ctx.outputs.appSecurityGroupId, cidr: undefined },
      ]);
      const rotation = await new KMSClient(ctx.clientConfig).send(new GetKeyRotationStatusCommand({ KeyId: ctx.outputs.kmsKeyArn }));
      expect(rotation.KeyRotationEnabled).toBe(true);
    });

    // Last: it changes the master password. Secrets Manager starts the rotation; the emulator runs
    // no function code, so the test runs the function's four steps as Secrets Manager would.
    it('rotates the master password with the rotation function, and Terraform then plans no change', async () => {
      const sm = new SecretsManagerClient(ctx.clientConfig);
      const rds = new RDSClient(ctx.clientConfig);
      const secretId = String(ctx.outputs.masterUserSecretArn);
      const before = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
      const started = await sm.send(new RotateSecretCommand({ SecretId: secretId }));
      const token = started.VersionId!;
      expect(token).not.toBe(before.VersionId);
      const { rotate } = rotationHandler();
      const run = (Step: string): Promise<string> => rotate({ SecretId: secretId, ClientRequestToken: token, Step }, { secretsManager: sm, rds }, { pollMs: 200, timeoutMs: 20_000 });
      expect(await run('createSecret')).toBe('pending version created');
      expect(await run('createSecret')).toBe('pending version exists');
      expect(await run('setSecret')).toBe(`master password sent to ${NAME}`);
      expect(await run('testSecret')).toBe(`${NAME} available with the new password`);
      expect(await run('finishSecret')).toBe('version is current');
      expect(await run('finishSecret')).toBe('already current');

      const after = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
      expect(after.VersionId).toBe(token);
      const oldValue = JSON.parse(before.SecretString!) as Record<string, unknown>;
      const newValue = JSON.parse(after.SecretString!) as Record<string, unknown>;
      expect(String(newValue.password)).toMatch(/^[A-Za-z0-9]{40}$/);
      expect(newValue.password).not.toBe(oldValue.password);
      expect({ ...newValue, password: '' }).toEqual({ ...oldValue, password: '' });
      const stages = (await sm.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {};
      expect(stages[token]).toContain('AWSCURRENT');
      expect(stages[before.VersionId!]).toEqual(['AWSPREVIOUS']);

      const tf = new TerraformWorkdir(ctx.workDir, { TF_VAR_emulator_endpoint: ctx.endpoint });
      expect(await tf.replan()).toEqual([]);
      const state = (await tf.must('show', ['show', '-json'])).stdout;
      expect(state).not.toContain(String(newValue.password));
      expect(state).not.toContain(String(oldValue.password));
    });
  },
);
