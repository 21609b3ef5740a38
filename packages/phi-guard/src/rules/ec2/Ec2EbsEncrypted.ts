import { customerManagedKeyProblem } from '../../kms';
import { defineRule, fromProblems } from '../../rule';
import { block, blocks, isSet, isTrue, RuleContext, unknownNote } from '../../synthesized';

function encryptedByDefault(context: RuleContext): boolean {
  return context.byType('aws_ebs_encryption_by_default', 'resource').some((r) => r.config.enabled === undefined || isTrue(r.config.enabled));
}

export const Ec2EbsEncrypted = defineRule({
  id: 'PHI-EC2-2',
  name: 'Ec2EbsEncrypted',
  level: 'error',
  description:
    'EBS volumes of instances and launch templates are encrypted (with a customer-managed key, not aws/ebs, where a key is set), because swap, caches and temp files can hold PHI.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'EC2EBSVolumeEncrypted', checkov: 'CKV_AWS_8' },
  resourceTypes: ['aws_launch_template', 'aws_instance', 'aws_ebs_volume', 'aws_launch_configuration', 'aws_ebs_default_kms_key'],
  check(r, context) {
    const fix = 'set encrypted = true (and kms_key_id to a customer-managed key) on every EBS volume, or enable aws_ebs_encryption_by_default';
    if (r.type === 'aws_ebs_default_kms_key') {
      return fromProblems([customerManagedKeyProblem('key_arn', r.config.key_arn, context, 'aws/ebs')].filter((p): p is string => p !== undefined), fix);
    }
    const byDefault = encryptedByDefault(context);
    const problems: string[] = [];
    const check = (label: string, ebs: Record<string, unknown> | undefined): void => {
      if (!ebs) return;
      if (!isTrue(ebs.encrypted) && !byDefault) problems.push(`${label} is not encrypted${unknownNote(ebs.encrypted)}`);
      if (isSet(ebs.kms_key_id)) {
        const key = customerManagedKeyProblem(`${label} kms_key_id`, ebs.kms_key_id, context, 'aws/ebs');
        if (key) problems.push(key);
      }
    };
    switch (r.type) {
      case 'aws_launch_template': {
        const mappings = blocks(r.config.block_device_mappings).filter((m) => block(m.ebs));
        if (mappings.length === 0 && !byDefault) problems.push('no block_device_mappings encrypts the root volume');
        for (const m of mappings) check(`block device ${String(m.device_name)}`, block(m.ebs));
        break;
      }
      case 'aws_instance':
      case 'aws_launch_configuration':
        check('root_block_device', block(r.config.root_block_device) ?? {});
        for (const d of blocks(r.config.ebs_block_device)) check(`ebs_block_device ${String(d.device_name)}`, d);
        break;
      default:
        check('the volume', r.config);
    }
    return fromProblems(problems, fix);
  },
});
