import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { DefaultTokenResolver, StringConcat, Testing, TerraformStack, Token, Tokenization } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Connections, IConnectable, refAt as ref, resourcesByPath as resources } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RdsMysqlHaExample } from '../examples/multi-az-with-replicas';
import { DEFAULT_MYSQL_ENGINE_VERSION, mysqlMajorVersion, mysqlParameterGroupFamily, RDS_MYSQL_MAJOR_VERSIONS, RdsMysqlHa, RdsMysqlHaProps } from '../src';

// The synthesized JSON is untyped; the assertions are its schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const BASE: RdsMysqlHaProps = {
  name: 'patients-db',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  allowedSecurityGroupIds: ['sg-app'],
};

function synth(props: Partial<RdsMysqlHaProps> = {}, withKey = false): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'phi-test');
  const kmsKey = withKey ? new KmsKey(stack, 'shared-key', { enableKeyRotation: true }) : undefined;
  new RdsMysqlHa(stack, 'db', { ...BASE, kmsKey, ...props });
  return JSON.parse(Testing.synth(stack));
}

function build(props: Partial<RdsMysqlHaProps>): void {
  const stack = new TerraformStack(Testing.app(), 'phi-test');
  new RdsMysqlHa(stack, 'db', { ...BASE, ...props });
}

function keysDeep(value: unknown, acc: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysDeep(v, acc));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      acc.push(k);
      keysDeep(v, acc);
    }
  }
  return acc;
}

describe('RdsMysqlHa defaults', () => {
  const json = synth();
  const instances = resources(json, 'aws_db_instance');
  const primary = instances['db/primary'];
  const keyArn = ref(json, 'aws_kms_key', 'db/key', 'arn');

  it('creates a Multi-AZ, encrypted, deletion-protected MySQL 8.4 primary on gp3 with autoscaling', () => {
    expect(primary).toMatchObject({
      identifier: 'patients-db',
      engine: 'mysql',
      engine_version: '8.4',
      auto_minor_version_upgrade: true,
      instance_class: 'db.m6g.large',
      multi_az: true,
      storage_type: 'gp3',
      allocated_storage: 100,
      max_allocated_storage: 1000,
      storage_encrypted: true,
      kms_key_id: keyArn,
      publicly_accessible: false,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'patients-db-final',
      backup_retention_period: 35,
      backup_window: '03:00-04:00',
      maintenance_window: 'sun:04:30-sun:05:30',
      copy_tags_to_snapshot: true,
      iam_database_authentication_enabled: true,
      port: 3306,
    });
  });

  it('does not let RDS manage the master password, which RDS refuses on a source of read replicas', () => {
    // RDS User Guide, "Limitations for Secrets Manager integration with Amazon RDS": creating a read
    // replica when the source manages credentials with Secrets Manager is not supported.
    for (const instance of Object.values(instances)) {
      expect(instance.manage_master_user_password).toBeUndefined();
      expect(instance.master_user_secret_kms_key_id).toBeUndefined();
    }
  });

  it('writes an ephemeral master password with password_wo and keeps it in a key-encrypted secret, never as a literal', () => {
    const ephemeral = json.ephemeral.aws_secretsmanager_random_password.patients_db_master_password;
    expect(ephemeral).toEqual({ password_length: 40, exclude_punctuation: true, include_space: false, require_each_included_type: true });
    const passwordRef = '${ephemeral.aws_secretsmanager_random_password.patients_db_master_password.random_password}';
    expect(primary.username).toBe('phiadmin');
    expect(primary.password_wo).toBe(passwordRef);
    expect(primary.password_wo_version).toBe(1);
    expect(primary.password).toBeUndefined();
    const secret = resources(json, 'aws_secretsmanager_secret')['db/master-secret'];
    expect(secret).toMatchObject({ name: 'patients-db-mysql-master', kms_key_id: keyArn, recovery_window_in_days: 30 });
    expect(Object.keys(resources(json, 'aws_secretsmanager_secret_rotation'))).toEqual(['db/master-rotation/schedule']);
    const version = resources(json, 'aws_secretsmanager_secret_version')['db/master-secret-value'];
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo_version).toBe(1);
    expect(JSON.parse(version.secret_string_wo.replace(passwordRef, 'x'))).toEqual({ username: 'phiadmin', password: 'x', engine: 'mysql', port: 3306, dbInstanceIdentifier: 'patients-db' });
    // Replicas inherit the source's master user: no password of their own.
    const keys = keysDeep(resources(json, 'aws_db_instance')['db/replica-1']);
    expect(keys.filter((k) => /password/i.test(k))).toEqual([]);
    expect(keysDeep(json.resource)).not.toContain('password');
  });

  it('rotates the master password when masterPasswordVersion is raised, in the instance and the secret together', () => {
    const rotated = synth({ masterPasswordVersion: 2 });
    expect(resources(rotated, 'aws_db_instance')['db/primary'].password_wo_version).toBe(2);
    expect(resources(rotated, 'aws_secretsmanager_secret_version')['db/master-secret-value'].secret_string_wo_version).toBe(2);
    expect(() => build({ masterPasswordVersion: 0 })).toThrow('phi-test/db: masterPasswordVersion must be a positive integer known at synth time (got 0)');
  });

  it('exposes the IAM database user and the resource ids of every instance for rds-db:connect grants', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    const db = new RdsMysqlHa(stack, 'db', { ...BASE, readReplicaCount: 2 });
    expect(db.iamDatabaseUserName).toBe('app');
    const resolved = db.dbResourceIds.map((id) => Tokenization.resolve(id, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }));
    expect(resolved).toEqual([
      expect.stringMatching(/^\$\{aws_db_instance\.db_primary_[0-9A-F]+\.resource_id\}$/),
      expect.stringMatching(/replica-1_[0-9A-F]+\.resource_id\}$/),
      expect.stringMatching(/replica-2_[0-9A-F]+\.resource_id\}$/),
    ]);
    expect(() => build({ iamDatabaseUserName: 'phiadmin' })).toThrow("phi-test/db: iamDatabaseUserName must differ from masterUsername (got 'phiadmin' for both)");
    expect(() => build({ iamDatabaseUserName: 'rdsadmin' })).toThrow("iamDatabaseUserName must be 1-32 letters");
  });

  it('exports the four MySQL logs into key-encrypted log groups created before the instance', () => {
    expect(primary.enabled_cloudwatch_logs_exports).toEqual(['audit', 'error', 'general', 'slowquery']);
    const groups = resources(json, 'aws_cloudwatch_log_group');
    for (const log of ['audit', 'error', 'general', 'slowquery']) {
      expect(groups[`db/primary-log-${log}`]).toMatchObject({ name: `/aws/rds/instance/patients-db/${log}`, kms_key_id: keyArn, retention_in_days: 365 });
      expect(primary.depends_on).toContain(ref(json, 'aws_cloudwatch_log_group', `db/primary-log-${log}`, 'id').slice(2, -4));
    }
    expect(Object.keys(groups).filter((k) => !k.startsWith('db/master-rotation/'))).toHaveLength(8); // primary + one replica, four logs each
  });

  it('turns on enhanced monitoring with its own role and Performance Insights encrypted with the key', () => {
    expect(primary.monitoring_interval).toBe(60);
    expect(primary.monitoring_role_arn).toBe(ref(json, 'aws_iam_role', 'db/monitoring-role', 'arn'));
    expect(primary.performance_insights_enabled).toBe(true);
    expect(primary.performance_insights_kms_key_id).toBe(keyArn);
    expect(primary.performance_insights_retention_period).toBe(7);
    const role = resources(json, 'aws_iam_role')['db/monitoring-role'];
    expect(role.name).toBe('patients-db-rds-monitoring');
    const trustDoc = resources(json, 'aws_iam_policy_document', 'data')['db/monitoring-trust'];
    expect(trustDoc.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }]);
    expect(JSON.stringify(json)).toContain('arn:${data.aws_partition.');
    const attachment = Object.values<Json>(json.resource.aws_iam_role_policy_attachment)[0];
    expect(attachment.policy_arn).toMatch(/:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/);
  });

  it('creates a rotating key whose policy names the account root and CloudWatch Logs for this database only', () => {
    expect(Testing.toHaveResourceWithProperties(JSON.stringify(json), KmsKey.tfResourceType, { enable_key_rotation: true, deletion_window_in_days: 30 })).toBe(true);
    const policy = resources(json, 'aws_iam_policy_document', 'data')['db/key/key-policy'];
    const principals = policy.statement.flatMap((s: Json) => s.principals.flatMap((p: Json) => p.identifiers));
    expect(principals).not.toContain('*');
    expect(policy.statement[1].condition[0]).toMatchObject({ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn' });
    expect(policy.statement[1].condition[0].values[0]).toMatch(/:log-group:\/aws\/rds\/instance\/patients-db\*$/);
    expect(policy.statement[0].sid).toBe('AccountAdministration');
    // The legacy alias at its old id, and the scheme alias beside it.
    expect(resources(json, 'aws_kms_alias')['db/key-alias'].name).toBe('alias/patients-db-rds');
    expect(resources(json, 'aws_kms_alias')['db/key/alias'].name).toBe('alias/phi-stack/patients-db/rds');
  });

  it('requires TLS and logs slow queries in the parameter group, and loads the audit plugin in the option group', () => {
    const group = resources(json, 'aws_db_parameter_group')['db/parameter-group'];
    expect(group).toMatchObject({ name: 'patients-db-mysql84', family: 'mysql8.4', lifecycle: { create_before_destroy: true } });
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: 'require_secure_transport', value: '1' },
        { name: 'local_infile', value: '0' },
        { name: 'slow_query_log', value: '1' },
        { name: 'long_query_time', value: '2' },
        { name: 'general_log', value: '0' },
        { name: 'log_output', value: 'FILE' },
      ]),
    );
    expect(primary.parameter_group_name).toBe(ref(json, 'aws_db_parameter_group', 'db/parameter-group', 'name'));
    const options = resources(json, 'aws_db_option_group')['db/option-group'];
    expect(options).toMatchObject({ name: 'patients-db-mysql84-audit', engine_name: 'mysql', major_engine_version: '8.4', lifecycle: { create_before_destroy: true } });
    expect(options.option[0].option_name).toBe('MARIADB_AUDIT_PLUGIN');
    expect(options.option[0].option_settings).toContainEqual({ name: 'SERVER_AUDIT_EVENTS', value: 'CONNECT,QUERY_DDL,QUERY_DCL' });
    expect(primary.option_group_name).toBe(ref(json, 'aws_db_option_group', 'db/option-group', 'name'));
  });

  it('places the instances in the data subnets behind a group that admits the MySQL port from the allowed groups only', () => {
    const subnetGroup = resources(json, 'aws_db_subnet_group')['db/subnet-group'];
    expect(subnetGroup.subnet_ids).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
    const sg = resources(json, 'aws_security_group')['db/security-group'];
    expect(sg.vpc_id).toBe('vpc-0123');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    const rules = Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ referenced_security_group_id: 'sg-app', from_port: 3306, to_port: 3306, ip_protocol: 'tcp' });
    expect(rules[0].security_group_id).toBe(ref(json, 'aws_security_group', 'db/security-group', 'id'));
    expect(rules[0].cidr_ipv4).toBeUndefined();
    expect(primary.vpc_security_group_ids).toEqual([ref(json, 'aws_security_group', 'db/security-group', 'id')]);
  });

  it('creates one encrypted, monitored read replica of the primary by default', () => {
    const replica = instances['db/replica-1'];
    expect(Object.keys(instances).sort()).toEqual(['db/primary', 'db/replica-1']);
    expect(replica).toMatchObject({
      identifier: 'patients-db-replica-1',
      replicate_source_db: ref(json, 'aws_db_instance', 'db/primary', 'arn'),
      storage_encrypted: true,
      kms_key_id: keyArn,
      monitoring_interval: 60,
      performance_insights_kms_key_id: keyArn,
      deletion_protection: true,
      skip_final_snapshot: true,
    });
    expect(replica.manage_master_user_password).toBeUndefined();
    expect(replica.username).toBeUndefined();
    expect(replica.availability_zone).toMatch(/^\$\{data\.aws_subnet\.db_subnet-1_[0-9A-F]+\.availability_zone\}$/);
  });
});

describe('RdsMysqlHa options', () => {
  it('spreads five replicas over the subnets in turn', () => {
    const json = synth({ readReplicaCount: 5 });
    const instances = resources(json, 'aws_db_instance');
    const azs = [1, 2, 3, 4, 5].map((i) => instances[`db/replica-${i}`].availability_zone.match(/db_subnet-(\d)/)[1]);
    expect(azs).toEqual(['1', '2', '0', '1', '2']);
    expect(Object.keys(resources(json, 'aws_cloudwatch_log_group')).filter((k) => !k.startsWith('db/master-rotation/'))).toHaveLength(24);
  });

  it('creates no replica when readReplicaCount is 0', () => {
    expect(Object.keys(resources(synth({ readReplicaCount: 0 }), 'aws_db_instance'))).toEqual(['db/primary']);
  });

  it('uses a given key instead of creating one', () => {
    const json = synth({}, true);
    expect(Object.keys(json.resource.aws_kms_key)).toEqual(['shared-key']);
    expect(json.resource.aws_kms_alias).toBeUndefined();
    const primary = resources(json, 'aws_db_instance')['db/primary'];
    expect(primary.kms_key_id).toBe('${aws_kms_key.shared-key.arn}');
    expect(resources(json, 'aws_secretsmanager_secret')['db/master-secret'].kms_key_id).toBe('${aws_kms_key.shared-key.arn}');
  });

  it('derives the parameter group family and the option group version from a pinned 8.4 minor version', () => {
    const json = synth({ engineVersion: '8.4.5' });
    expect(resources(json, 'aws_db_instance')['db/primary'].engine_version).toBe('8.4.5');
    expect(resources(json, 'aws_db_parameter_group')['db/parameter-group']).toMatchObject({ name: 'patients-db-mysql84', family: 'mysql8.4' });
    expect(resources(json, 'aws_db_option_group')['db/option-group']).toMatchObject({ name: 'patients-db-mysql84-audit', major_engine_version: '8.4' });
  });

  it('still builds MySQL 8.0 when asked, with the same group names and descriptions as before 8.4 became the default', () => {
    const json = synth({ engineVersion: '8.0' });
    const instances = resources(json, 'aws_db_instance');
    expect(instances['db/primary'].engine_version).toBe('8.0');
    expect(instances['db/replica-1'].engine_version).toBe('8.0');
    expect(resources(json, 'aws_db_parameter_group')['db/parameter-group']).toMatchObject({
      name: 'patients-db-mysql80',
      family: 'mysql8.0',
      description: 'phi-stack patients-db: TLS-only MySQL 8.0 with slow and audit logging',
    });
    const options = resources(json, 'aws_db_option_group')['db/option-group'];
    expect(options).toMatchObject({ name: 'patients-db-mysql80-audit', major_engine_version: '8.0' });
    expect(options.option[0].option_name).toBe('MARIADB_AUDIT_PLUGIN');
    expect(resources(json, 'aws_db_parameter_group')['db/parameter-group'].parameter).toContainEqual({ name: 'require_secure_transport', value: '1' });
    expect(resources(synth({ engineVersion: '8.0.40' }), 'aws_db_parameter_group')['db/parameter-group'].family).toBe('mysql8.0');
  });

  it('allows a major version upgrade only when asked, on the primary and the replicas', () => {
    const defaults = resources(synth(), 'aws_db_instance');
    expect(defaults['db/primary'].allow_major_version_upgrade).toBeUndefined();
    const upgrading = resources(synth({ allowMajorVersionUpgrade: true }), 'aws_db_instance');
    expect(upgrading['db/primary'].allow_major_version_upgrade).toBe(true);
    expect(upgrading['db/replica-1'].allow_major_version_upgrade).toBe(true);
  });

  it('maps engine versions to major versions and families', () => {
    expect(['8.4', '8.4.0', '8.4.5', '8.0', '8.0.28', '8.0.40', '8.0.27', '8.1', '9.0'].map((v) => mysqlMajorVersion(v) ?? '-')).toEqual(['8.4', '8.4', '8.4', '8.0', '8.0', '8.0', '-', '-', '-']);
    expect(RDS_MYSQL_MAJOR_VERSIONS.map(mysqlParameterGroupFamily)).toEqual(['mysql8.4', 'mysql8.0']);
    expect(DEFAULT_MYSQL_ENGINE_VERSION).toBe('8.4');
  });

  it('records each opt-out reason in a tag on the affected instances', () => {
    const json = synth({
      multiAz: false,
      multiAzDisabledReason: 'single-AZ staging',
      deletionProtection: false,
      deletionProtectionDisabledReason: 'torn down nightly',
      skipFinalSnapshot: true,
      skipFinalSnapshotReason: 'synthetic data only',
    });
    const { 'db/primary': primary, 'db/replica-1': replica } = resources(json, 'aws_db_instance');
    expect(primary).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true });
    expect(primary.final_snapshot_identifier).toBeUndefined();
    expect(primary.tags).toMatchObject({
      'phi-stack:opt-out:multi-az': 'single-AZ staging',
      'phi-stack:opt-out:deletion-protection': 'torn down nightly',
      'phi-stack:opt-out:final-snapshot': 'synthetic data only',
    });
    expect(replica.deletion_protection).toBe(false);
    expect(replica.tags['phi-stack:opt-out:deletion-protection']).toBe('torn down nightly');
    expect(replica.tags['phi-stack:opt-out:multi-az']).toBeUndefined();
  });

  it('puts no opt-out tag on a default instance', () => {
    const primary = resources(synth(), 'aws_db_instance')['db/primary'];
    expect(Object.keys(primary.tags).filter((k) => k.startsWith('phi-stack:opt-out:'))).toEqual([]);
  });

  it('passes general log, audit events, port and extra parameters through', () => {
    const json = synth({ generalLogEnabled: true, auditEvents: ['CONNECT', 'QUERY_DML'], port: 3307, parameters: { max_connections: '500' } });
    const group = resources(json, 'aws_db_parameter_group')['db/parameter-group'];
    expect(group.parameter).toEqual(expect.arrayContaining([{ name: 'general_log', value: '1' }, { name: 'max_connections', value: '500' }]));
    expect(resources(json, 'aws_db_option_group')['db/option-group'].option[0].option_settings).toContainEqual({ name: 'SERVER_AUDIT_EVENTS', value: 'CONNECT,QUERY_DML' });
    expect(Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'))[0]).toMatchObject({ from_port: 3307, to_port: 3307 });
    expect(resources(json, 'aws_db_instance')['db/replica-1'].port).toBe(3307);
  });
});

describe('RdsMysqlHa example', () => {
  const json = JSON.parse(Testing.synth(new RdsMysqlHaExample(Testing.app(), 'rds-mysql-ha-example')));

  it('builds a primary with two replicas in a two-AZ VPC, destroyable with stated reasons', () => {
    const instances = resources(json, 'aws_db_instance');
    expect(Object.keys(instances).sort()).toEqual(['database/primary', 'database/replica-1', 'database/replica-2']);
    expect(instances['database/primary'].tags['phi-stack:opt-out:deletion-protection']).toMatch(/ephemeral emulator example/);
    expect(instances['database/primary'].multi_az).toBe(true);
    expect(json.provider.aws[0].endpoints[0].rds).toBe('${var.emulator_endpoint}');
  });

  it('outputs the resource handles the integration suite reads', () => {
    expect(Object.keys(json.output).sort()).toEqual(
      ['appSecurityGroupId', 'dbInstanceArn', 'dbInstanceEndpoint', 'dbInstanceIdentifier', 'dbInstancePort', 'kmsKeyArn', 'masterUserSecretArn', 'replicaEndpoints', 'replicaIdentifiers', 'securityGroupId', 'subnetIds'].sort(),
    );
    expect(json.output.masterUserSecretArn.value).toMatch(/^\$\{aws_secretsmanager_secret\.database_master-secret_[0-9A-F]+\.arn\}$/);
  });
});

describe('RdsMysqlHa bad input', () => {
  it('names every bad prop in one error, each problem once', () => {
    // replicaInstanceClass defaults to instanceClass and maxAllocatedStorageGiB to twice the
    // allocated storage: neither repeats the problem of the prop it comes from.
    expect(() => build({ engineVersion: '5.7', instanceClass: 'db.t3.micro', allocatedStorageGiB: 5, multiAz: false })).toThrow(
      new Error(
        [
          'phi-test/db: 4 problems:',
          `engineVersion must be MySQL 8.4 (8.4 or 8.4.x) or, for a stack not upgraded yet, 8.0 (8.0 or 8.0.x with x >= 28) (got '5.7'): use '${DEFAULT_MYSQL_ENGINE_VERSION}'; the MariaDB audit plugin needs 8.0.28+ and 8.0 is billed for RDS Extended Support`,
          "instanceClass must support Performance Insights and Multi-AZ at production scale (got 'db.t3.micro'): use db.t4g.medium or larger",
          'allocatedStorageGiB must be an integer between 20 and 65536 (got 5): gp3 volumes for MySQL are 20-65536 GiB',
          'multiAzDisabledReason is required when multiAz is false (got none): state why, it is recorded in the tag phi-stack:opt-out:multi-az',
        ].join('\n  - '),
      ),
    );
  });

  it('accepts up to 15 replicas, the RDS for MySQL limit, and rejects 16', () => {
    expect(() => build({ readReplicaCount: 15 })).not.toThrow();
    expect(() => build({ readReplicaCount: 16 })).toThrow('phi-test/db: readReplicaCount must be an integer between 0 and 15 (got 16): RDS for MySQL allows at most 15 read replicas per source instance');
  });

  it('rejects a backup retention of 0', () => {
    expect(() => build({ backupRetentionDays: 0 })).toThrow(
      'phi-test/db: backupRetentionDays must be an integer between 7 and 35 (got 0): PHI needs at least a week of point-in-time recovery and RDS keeps at most 35 days',
    );
  });

  it('rejects multiAz false without a reason', () => {
    expect(() => build({ multiAz: false })).toThrow(
      'phi-test/db: multiAzDisabledReason is required when multiAz is false (got none): state why, it is recorded in the tag phi-stack:opt-out:multi-az',
    );
  });

  it('rejects deletionProtection false without a reason, and skipFinalSnapshot with a blank one', () => {
    expect(() => build({ deletionProtection: false })).toThrow('phi-test/db: deletionProtectionDisabledReason is required when deletionProtection is false (got none)');
    expect(() => build({ skipFinalSnapshot: true, skipFinalSnapshotReason: ' ' })).toThrow('phi-test/db: skipFinalSnapshotReason must state the reason in at least 10 characters (got " ", 0)');
  });

  it('places replicas in the given subnet zones without a subnet lookup', () => {
    const json = synth({ readReplicaCount: 3, subnetAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    expect(json.data?.aws_subnet).toBeUndefined();
    const instances = resources(json, 'aws_db_instance');
    expect([1, 2, 3].map((i) => instances[`db/replica-${i}`].availability_zone)).toEqual(['us-east-1b', 'us-east-1c', 'us-east-1a']);
  });

  it('rejects subnet zones that do not match the subnets, are no zone names, span regions or one zone', () => {
    expect(() => build({ subnetAvailabilityZones: ['us-east-1a', 'us-east-1b'] })).toThrow(
      'phi-test/db: subnetAvailabilityZones must name the Availability Zone of each subnet in subnetIds, in the same order (got 2 zones for 3 subnets)',
    );
    expect(() => build({ subnetAvailabilityZones: ['us-east-1a', 'use1-az2', 'us-east-1c'] })).toThrow("phi-test/db: subnetAvailabilityZones must hold Availability Zone names such as 'us-east-1a' (got 'use1-az2')");
    expect(() => build({ subnetAvailabilityZones: ['us-east-1a', 'eu-west-1b', 'us-east-1c'] })).toThrow(
      'phi-test/db: subnetAvailabilityZones must all be in one region (got us-east-1a, eu-west-1b, us-east-1c, in us-east-1 and eu-west-1): a subnet group cannot span regions',
    );
    expect(() => build({ subnetAvailabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1a'] })).toThrow('phi-test/db: subnetAvailabilityZones must span at least 2 Availability Zones (got us-east-1a, us-east-1a, us-east-1a)');
  });

  it('rejects a single subnet', () => {
    expect(() => build({ subnetIds: ['subnet-a'] })).toThrow('phi-test/db: subnetIds must list at least 2 subnets in different Availability Zones (got 1): pass the data-tier subnets of the VPC');
  });

  it('refuses at synth a database that no security group may reach, and allowFrom opens both sides by reference', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const db = new RdsMysqlHa(stack, 'db', { ...BASE, allowedSecurityGroupIds: [] });
    expect(() => Testing.synth(stack, true)).toThrow(
      '[phi-test/db] no security group may connect to the database (allowedSecurityGroupIds is empty and allowFrom was never called): call database.allowFrom(web)',
    );
    const webScope = new Construct(stack, 'web');
    const web: IConnectable = { connections: new Connections({ scope: webScope, securityGroupId: 'sg-0123456789abcdef0', name: 'app', egressIdPrefix: 'app-out' }) };
    db.allowFrom(web, 'MySQL to the database');
    expect(() => db.allowFrom(web)).toThrow('phi-test/db: allowFrom: phi-test/web may already connect on port 3306: remove the second call');
    expect(() => db.allowFrom('sg-0123456789abcdef0' as unknown as IConnectable)).toThrow("phi-test/db: allowFrom needs a peer with connections, e.g. an AlbAsg (got the string 'sg-0123456789abcdef0')");
    const json = JSON.parse(Testing.synth(stack, true)) as Json;
    expect(resources(json, 'aws_vpc_security_group_ingress_rule')['db/ingress-0']).toEqual(
      expect.objectContaining({ security_group_id: ref(json, 'aws_security_group', 'db/security-group', 'id'), referenced_security_group_id: 'sg-0123456789abcdef0', from_port: 3306, to_port: 3306, ip_protocol: 'tcp' }),
    );
    expect(resources(json, 'aws_vpc_security_group_egress_rule')['web/app-out-mysql']).toEqual(
      expect.objectContaining({ security_group_id: 'sg-0123456789abcdef0', referenced_security_group_id: ref(json, 'aws_security_group', 'db/security-group', 'id'), from_port: 3306, description: 'MySQL to the database' }),
    );
  });

  it('numbers allowFrom rules after the allowedSecurityGroupIds ones', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const db = new RdsMysqlHa(stack, 'db', { ...BASE, allowedSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'] });
    db.allowFrom({ connections: new Connections({ scope: new Construct(stack, 'worker'), securityGroupId: 'sg-0cccccccccccccccc', name: 'worker' }) });
    const json = JSON.parse(Testing.synth(stack, true)) as Json;
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule');
    expect(Object.keys(ingress).sort()).toEqual(['db/ingress-0', 'db/ingress-1', 'db/ingress-2']);
    expect(ingress['db/ingress-2'].referenced_security_group_id).toBe('sg-0cccccccccccccccc');
    expect(Object.keys(resources(json, 'aws_vpc_security_group_egress_rule'))).toEqual(['worker/egress-to-mysql']);
  });

  it('rejects an uppercase name', () => {
    expect(() => build({ name: 'Patients_DB' })).toThrow("phi-test/db: name must be 2-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got 'Patients_DB')");
  });

  it('rejects engine versions other than 8.4 and 8.0 (8.0.28+), naming the default', () => {
    const message = (got: string) =>
      `phi-test/db: engineVersion must be MySQL 8.4 (8.4 or 8.4.x) or, for a stack not upgraded yet, 8.0 (8.0 or 8.0.x with x >= 28) (got '${got}'): use '8.4'`;
    for (const bad of ['5.7.44', '8.1', '9.0', '8.4.x', '8', '8.0.27']) expect(() => build({ engineVersion: bad })).toThrow(message(bad));
  });

  it('rejects an engine version only known at apply time', () => {
    expect(() => build({ engineVersion: Token.asString({ Ref: 'version' }) })).toThrow('phi-test/db: engineVersion must be known at synth time (got a token)');
  });

  it('defaults the storage ceiling to twice the allocation, at least 1000 and at most 65536 GiB', () => {
    const ceiling = (allocatedStorageGiB: number) => resources(synth({ allocatedStorageGiB }), 'aws_db_instance')['db/primary'].max_allocated_storage;
    expect(ceiling(100)).toBe(1000);
    expect(ceiling(800)).toBe(1600);
    expect(ceiling(40000)).toBe(65536); // twice would be 80000, above what RDS accepts
  });

  it('rejects a storage ceiling at or below the allocated storage', () => {
    expect(() => build({ allocatedStorageGiB: 200, maxAllocatedStorageGiB: 200 })).toThrow('phi-test/db: maxAllocatedStorageGiB must exceed allocatedStorageGiB (got 200 <= 200)');
  });

  it('rejects turning TLS off through parameters', () => {
    expect(() => build({ parameters: { require_secure_transport: '0' } })).toThrow('phi-test/db: parameters must not set require_secure_transport (got require_secure_transport=0)');
  });

  it('rejects monitoring off, a bad Performance Insights retention, a bad log retention and an unknown audit event', () => {
    expect(() => build({ monitoringIntervalSeconds: 0 })).toThrow('phi-test/db: monitoringIntervalSeconds must be one of 1, 5, 10, 15, 30, 60 (got 0)');
    expect(() => build({ performanceInsightsRetentionDays: 30 })).toThrow('phi-test/db: performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713, or 731 (got 30)');
    expect(() => build({ logRetentionDays: 100 })).toThrow('phi-test/db: logRetentionDays must be a CloudWatch Logs retention (got 100)');
    expect(() => build({ auditEvents: ['TABLE' as never] })).toThrow('phi-test/db: auditEvents must list 1 or more of CONNECT, QUERY, QUERY_DDL, QUERY_DML, QUERY_DML_NO_SELECT, QUERY_DCL (got [TABLE])');
  });

  it('rejects a reserved master user name and a micro instance class', () => {
    expect(() => build({ masterUsername: 'rdsadmin' })).toThrow("phi-test/db: masterUsername must be 1-16 letters, digits or underscores, start with a letter and not be reserved by RDS (got 'rdsadmin')");
    expect(() => build({ instanceClass: 'db.t3.micro' })).toThrow("phi-test/db: instanceClass must support Performance Insights and Multi-AZ at production scale (got 'db.t3.micro')");
  });
});
