# Provider-level regression test for the phi_moto patches (see ../../README.md).
# Exercises every patched behaviour plus the RDS/ElastiCache/CloudTrail/Secrets Manager/Logs
# features the phi-stack architecture uses, against the emulator at var.endpoint.
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type        = string
  description = "Emulator URL, e.g. http://127.0.0.1:4566"
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  max_retries                 = 2

  endpoints {
    cloudtrail     = var.endpoint
    cloudwatch     = var.endpoint
    ec2            = var.endpoint
    elasticache    = var.endpoint
    iam            = var.endpoint
    kms            = var.endpoint
    logs           = var.endpoint
    rds            = var.endpoint
    s3             = var.endpoint
    secretsmanager = var.endpoint
    sts            = var.endpoint
  }
}

locals {
  name = "phi-emu"
  azs  = ["us-east-1a", "us-east-1b"]
}

# ---------------------------------------------------------------- network
resource "aws_vpc" "this" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = local.name }
}

resource "aws_subnet" "data" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)
  availability_zone = local.azs[count.index]
}

resource "aws_security_group" "data" {
  name   = "${local.name}-data"
  vpc_id = aws_vpc.this.id
}

# ---------------------------------------------------------------- KMS, logs, secrets
resource "aws_kms_key" "data" {
  description             = "${local.name} data at rest"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}

resource "aws_cloudwatch_log_group" "redis" {
  for_each          = toset(["slow-log", "engine-log"])
  name              = "/${local.name}/redis/${each.key}"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.data.arn
}

ephemeral "aws_secretsmanager_random_password" "mysql" {
  password_length     = 32
  exclude_punctuation = true
}

data "aws_secretsmanager_random_password" "redis" {
  password_length     = 32
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "redis" {
  name                    = "${local.name}/redis-auth"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id     = aws_secretsmanager_secret.redis.id
  secret_string = data.aws_secretsmanager_random_password.redis.random_password
  lifecycle {
    ignore_changes = [secret_string] # the data source yields a new password on every read
  }
}

# ---------------------------------------------------------------- RDS MySQL primary + 2 replicas
resource "aws_db_subnet_group" "this" {
  name       = "${local.name}-db"
  subnet_ids = aws_subnet.data[*].id
}

resource "aws_db_parameter_group" "mysql" {
  name   = "${local.name}-mysql84"
  family = "mysql8.4"
  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }
}

resource "aws_db_option_group" "mysql" {
  name                 = "${local.name}-mysql84"
  engine_name          = "mysql"
  major_engine_version = "8.4"
  option {
    option_name = "MARIADB_AUDIT_PLUGIN"
    option_settings {
      name  = "SERVER_AUDIT_EVENTS"
      value = "CONNECT,QUERY"
    }
  }
}

data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  name               = "${local.name}-rds-monitoring"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "primary" {
  identifier                            = "${local.name}-mysql"
  engine                                = "mysql"
  engine_version                        = "8.4"
  instance_class                        = "db.t3.medium"
  allocated_storage                     = 20
  max_allocated_storage                 = 100
  storage_type                          = "gp3"
  storage_encrypted                     = true
  kms_key_id                            = aws_kms_key.data.arn
  db_name                               = "phi"
  username                              = "phiadmin"
  # RDS refuses read replicas of a source whose master password it manages in Secrets Manager
  # (patch rds_replica_managed_password): the password is write-only, from an ephemeral value.
  password_wo                           = ephemeral.aws_secretsmanager_random_password.mysql.random_password
  password_wo_version                   = 1
  iam_database_authentication_enabled   = true
  multi_az                              = true
  db_subnet_group_name                  = aws_db_subnet_group.this.name
  vpc_security_group_ids                = [aws_security_group.data.id]
  parameter_group_name                  = aws_db_parameter_group.mysql.name
  option_group_name                     = aws_db_option_group.mysql.name
  backup_retention_period               = 7
  copy_tags_to_snapshot                 = true
  deletion_protection                   = false
  enabled_cloudwatch_logs_exports       = ["audit", "error", "general", "slowquery"]
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.monitoring.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.data.arn
  performance_insights_retention_period = 7
  skip_final_snapshot                   = false
  final_snapshot_identifier             = "${local.name}-mysql-final"
  apply_immediately                     = true
  tags                                  = { DataClass = "phi" }
  depends_on                            = [aws_iam_role_policy_attachment.monitoring]
}

resource "aws_db_instance" "replica" {
  count                                 = 2
  identifier                            = "${local.name}-mysql-replica-${count.index + 1}"
  replicate_source_db                   = aws_db_instance.primary.identifier
  instance_class                        = "db.t3.medium"
  max_allocated_storage                 = 100 # a replica inherits its source's maximum (patch rds_instance_attributes): say it
  storage_type                          = "gp3"
  storage_encrypted                     = true
  kms_key_id                            = aws_kms_key.data.arn
  iam_database_authentication_enabled   = true
  vpc_security_group_ids                = [aws_security_group.data.id]
  parameter_group_name                  = aws_db_parameter_group.mysql.name
  option_group_name                     = aws_db_option_group.mysql.name
  availability_zone                     = local.azs[count.index]
  copy_tags_to_snapshot                 = true
  enabled_cloudwatch_logs_exports       = ["audit", "error", "general", "slowquery"]
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.monitoring.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.data.arn
  performance_insights_retention_period = 7
  skip_final_snapshot                   = true
  apply_immediately                     = true
  tags                                  = { DataClass = "phi" }
}

# ---------------------------------------------------------------- ElastiCache Redis
resource "aws_elasticache_subnet_group" "this" {
  name       = "${local.name}-cache"
  subnet_ids = aws_subnet.data[*].id
}

resource "aws_elasticache_parameter_group" "redis" {
  name   = "${local.name}-redis7"
  family = "redis7"
  parameter {
    name  = "maxmemory-policy"
    value = "volatile-lru"
  }
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "${local.name}-redis"
  description                = "phi-stack emulator test"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  port                       = 6379
  automatic_failover_enabled = true
  multi_az_enabled           = true
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  parameter_group_name       = aws_elasticache_parameter_group.redis.name
  security_group_ids         = [aws_security_group.data.id]
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.data.arn
  transit_encryption_enabled = true
  auth_token                 = data.aws_secretsmanager_random_password.redis.random_password
  snapshot_retention_limit   = 7
  apply_immediately          = true

  dynamic "log_delivery_configuration" {
    for_each = aws_cloudwatch_log_group.redis
    content {
      destination      = log_delivery_configuration.value.name
      destination_type = "cloudwatch-logs"
      log_format       = "json"
      log_type         = log_delivery_configuration.key
    }
  }

  lifecycle {
    ignore_changes = [auth_token] # rotated out of band via the secret
  }
}

resource "aws_elasticache_user" "app" {
  user_id       = "${local.name}-app"
  user_name     = "app"
  engine        = "redis"
  access_string = "on ~* +@all -@dangerous"
  authentication_mode {
    type      = "password"
    passwords = [data.aws_secretsmanager_random_password.redis.random_password]
  }
  lifecycle {
    ignore_changes = [authentication_mode]
  }
}

resource "aws_elasticache_user" "default" {
  user_id       = "${local.name}-default"
  user_name     = "default"
  engine        = "redis"
  access_string = "off ~* -@all"
  # As redis-phi does: ElastiCache reports a password-less user's authentication type as
  # `no-password`, which `authentication_mode { type = "no-password-required" }` diffs against.
  no_password_required = true
}

resource "aws_elasticache_user_group" "this" {
  user_group_id = "${local.name}-users"
  engine        = "redis"
  user_ids      = [aws_elasticache_user.default.user_id, aws_elasticache_user.app.user_id]
}

# ---------------------------------------------------------------- CloudTrail
data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "trail" {
  bucket        = "${local.name}-trail-logs"
  force_destroy = true
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.trail.arn
      },
      {
        Sid       = "Write"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      },
    ]
  })
}

resource "aws_cloudtrail" "this" {
  name                          = "${local.name}-trail"
  s3_bucket_name                = aws_s3_bucket.trail.id
  include_global_service_events = true
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  enable_logging                = true
  kms_key_id                    = aws_kms_key.data.arn
  depends_on                    = [aws_s3_bucket_policy.trail]
}

output "redis_member_clusters" {
  value = aws_elasticache_replication_group.redis.member_clusters
}

output "db_resource_ids" {
  value = concat([aws_db_instance.primary.resource_id], aws_db_instance.replica[*].resource_id)
}
