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
  aws_opensearch_domain: 'search indexes',
  aws_elasticsearch_domain: 'search indexes',
  aws_kinesis_stream: 'unconsumed records',
  aws_sqs_queue: 'queued messages',
  aws_ecr_repository: 'container images',
};

/** What a delete or replacement of `type` loses, or undefined when the type holds no state of note. */
export function statefulRisk(type: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(STATEFUL_RESOURCE_TYPES, type) ? STATEFUL_RESOURCE_TYPES[type] : undefined;
}
