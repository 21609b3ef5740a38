// Enhanced monitoring of the instances: the role RDS publishes OS metrics with, trusted by this
// account's RDS monitoring service only.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';

/** The monitoring role and its policy attachment, which every instance waits for. */
export interface Monitoring {
  readonly role: IamRole;
  readonly policyAttachment: IamRolePolicyAttachment;
}

/** The enhanced monitoring role of the RdsMysqlHa at `scope`. */
export function createMonitoring(scope: Construct, ctx: RdsMysqlHaContext): Monitoring {
  const { name, tags } = ctx;
  const monitoringTrust = new DataAwsIamPolicyDocument(scope, 'monitoring-trust', {
    statement: [
      {
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.accountId] }],
      },
    ],
  });
  const monitoringRole = new IamRole(scope, 'monitoring-role', {
    name: `${name}-rds-monitoring`,
    description: `phi-stack ${name}: RDS enhanced monitoring`,
    assumeRolePolicy: monitoringTrust.json,
    tags,
  });
  const monitoringPolicy = new IamRolePolicyAttachment(scope, 'monitoring-policy', {
    role: monitoringRole.name,
    policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
  });
  return { role: monitoringRole, policyAttachment: monitoringPolicy };
}
