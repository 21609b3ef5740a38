/**
 * Resource types that hold data which a delete or a replacement loses (or, for keys, makes
 * unreadable). Each entry says what is at risk, in the words a reviewer needs.
 * Recognised by Terraform type, so that any module or stack is covered alike.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_db_instance: 'database storage and its automated backups',
  aws_rds_cluster: 'the Aurora cluster volume and its automated backups',
  aws_rds_cluster_instance: 'an Aurora instance (and its endpoint)',
  aws_rds_global_cluster: 'a global database',
  aws_docdb_cluster: 'DocumentDB cluster storage',
  aws_neptune_cluster: 'Neptune cluster storage',
  aws_redshift_cluster: 'data warehouse storage',
  aws_dynamodb_table: 'table items',
  aws_elasticache_replication_group: 'cached data (sessions, tokens) of the replication group',
  aws_elasticache_cluster: 'cached data of the cluster',
  aws_elasticache_serverless_cache: 'cached data of the serverless cache',
  aws_memorydb_cluster: 'MemoryDB data',
  aws_s3_bucket: 'every object in the bucket (all versions)',
  aws_s3_object: 'the object',
  aws_efs_file_system: 'the file system contents',
  aws_ebs_volume: 'the volume contents',
  aws_fsx_lustre_file_system: 'the file system contents',
  aws_backup_vault: 'recovery points',
  aws_glacier_vault: 'archives',
  aws_kms_key: 'the key: data encrypted with it becomes unreadable once deletion completes',
  aws_kms_replica_key: 'the replica key: data encrypted with it becomes unreadable',
  aws_cloudwatch_log_group: 'retained log events (audit evidence)',
  aws_cloudtrail: 'the audit trail configuration (logging stops)',
  aws_secretsmanager_secret: 'the secret and its versions',
  aws_secretsmanager_secret_version: 'the secret value this version holds (a version left without staging labels is deleted by Secrets Manager; readers of the old value break)',
  aws_opensearch_domain: 'search indexes',
  aws_elasticsearch_domain: 'search indexes',
  aws_kinesis_stream: 'unconsumed records',
  aws_sqs_queue: 'queued messages',
  aws_ecr_repository: 'container images',
};

/**
 * Types that hold data only with some settings: what is lost, and the test on the resource's
 * values (before the change). An `aws_ssm_parameter` of type `String` or `StringList` is config
 * that the next apply writes back; a `SecureString` is a secret that exists nowhere else.
 */
export const CONDITIONALLY_STATEFUL_RESOURCE_TYPES: Readonly<Record<string, { readonly when: string; readonly risk: string; readonly test: (values: Record<string, unknown>) => boolean }>> = {
  aws_ssm_parameter: {
    when: 'type = "SecureString"',
    risk: 'the SecureString value (Parameter Store keeps no copy of a deleted parameter)',
    test: (values) => values.type === 'SecureString',
  },
};

/**
 * What a delete or replacement of a resource of `type` loses, or undefined when it holds no state
 * of note. `values` are the resource's attributes before the change, for the types that hold data
 * only with some settings (a `SecureString` parameter, not a `String` one).
 */
export function statefulRisk(type: string, values?: unknown): string | undefined {
  if (Object.prototype.hasOwnProperty.call(STATEFUL_RESOURCE_TYPES, type)) return STATEFUL_RESOURCE_TYPES[type];
  if (!Object.prototype.hasOwnProperty.call(CONDITIONALLY_STATEFUL_RESOURCE_TYPES, type)) return undefined;
  const rule = CONDITIONALLY_STATEFUL_RESOURCE_TYPES[type];
  const record = typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : {};
  return rule.test(record) ? rule.risk : undefined;
}
