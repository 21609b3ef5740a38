"""phi-stack runtime patches for moto 5.2.1.

`apply()` monkeypatches moto's backends/responses so the AWS provider for Terraform can
create, read, update and delete every resource the phi-stack architecture uses. Each patch
lives in its own module under `phi_moto.patches` and documents the moto bug it fixes.
"""

from __future__ import annotations

import importlib

MOTO_VERSION = "5.2.1"

PATCHES = (
    "rds_dbi_resource_id",
    "rds_default_ca_certificate",
    "rds_instance_attributes",
    "rds_replica_managed_password",
    "rds_master_password_rules",
    "rds_monitoring_insights",
    "rds_parameter_source",
    "rds_option_groups_list",
    "rds_option_group_major_versions",
    "rds_mysql_engine",
    "elasticache_replication_group_members",
    "elasticache_reader_endpoint",
    "elasticache_replication_group_api",
    "elasticache_subnet_groups",
    "elasticache_parameter_groups",
    "elasticache_user_groups",
    "elasticache_rbac_rules",
    "cloudtrail_by_arn",
    "cloudtrail_describe_trail_name_list",
    "elbv2_scheme_type",
    "ec2_launch_template_tags",
    "autoscaling_policy_enabled",
    "autoscaling_instance_refresh",
    "ec2_security_group_rule_description",
    "ec2_flow_log_group_name",
    "ec2_nat_gateway_client_token",
    "cloudfront_response_headers_policies",
    "cloudfront_key_groups",
    "cloudfront_distribution_roundtrip",
    "s3_logging_policy_principal",
    "lambda_without_docker",
    "lambda_logging_config",
    "secretsmanager_rotation_rules",
)

_applied: list[str] = []


def apply() -> list[str]:
    """Apply every patch once (idempotent); returns the names of the applied patches."""
    import moto

    if moto.__version__ != MOTO_VERSION:
        raise RuntimeError(
            f"phi_moto patches target moto {MOTO_VERSION}, found {moto.__version__}"
        )
    for name in PATCHES:
        if name in _applied:
            continue
        importlib.import_module(f"phi_moto.patches.{name}").apply()
        _applied.append(name)
    return list(_applied)
