import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue, referencedAddresses } from '../../synthesized';

/**
 * RDS refuses to create a read replica of an instance whose master password it manages in Secrets
 * Manager ("Limitations for Secrets Manager integration with Amazon RDS": creating a read replica
 * when the source manages credentials with Secrets Manager is not supported, for every engine but
 * SQL Server). The combination plans cleanly and fails at apply in a real account.
 */
export const RdsReplicaNoManagedPassword = defineRule({
  id: 'PHI-RDS-10',
  name: 'RdsReplicaNoManagedPassword',
  level: 'error',
  description: 'A read replica\'s source does not use an RDS-managed master password (manage_master_user_password): RDS cannot create replicas of such a source.',
  control: '§164.308(a)(7)(ii)(B)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_db_instance'],
  check(replica, context) {
    const source = replica.config.replicate_source_db;
    if (source === undefined || source === null || source === '') return NOT_APPLICABLE;
    const managed = referencedAddresses(source)
      .map((address) => context.byAddress(address))
      .filter((s) => s !== undefined && s.type === 'aws_db_instance' && isTrue(s.config.manage_master_user_password));
    if (isTrue(replica.config.manage_master_user_password)) {
      return nonCompliant('the replica sets manage_master_user_password, which RDS does not support on read replicas', 'remove manage_master_user_password from the replica; it inherits the source\'s credentials');
    }
    return managed.length === 0
      ? COMPLIANT
      : nonCompliant(
          `the source ${managed.map((s) => s!.address).join(', ')} sets manage_master_user_password = true, and RDS does not create read replicas of such a source`,
          'give the source a password written with password_wo (an ephemeral aws_secretsmanager_random_password) and keep it in a stack-managed secret, or connect with IAM database authentication',
        );
  },
});
