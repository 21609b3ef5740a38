import { customerManagedKeyProblem } from '../../kms';
import { PolicyDocument } from '../../policy';
import { isSet, RuleContext, SynthResource } from '../../synthesized';

/** Why the topic is not provably encrypted with a customer-managed key, or undefined when it is. */
export function topicKeyProblem(topic: SynthResource, context: RuleContext): string | undefined {
  if (!isSet(topic.config.kms_master_key_id)) return 'kms_master_key_id is not set, so the topic is not encrypted at rest';
  return customerManagedKeyProblem('kms_master_key_id', topic.config.kms_master_key_id, context, 'aws/sns');
}

/** Whether a policy has a Deny statement on `aws:SecureTransport` = false. */
export function deniesInsecureTransport(doc: Exclude<PolicyDocument, 'unknown' | 'absent'>): boolean {
  return doc.some(
    (s) =>
      s.effect === 'Deny' &&
      s.conditions.some((c) => c.variable.toLowerCase() === 'aws:securetransport' && c.values.some((v) => String(v).toLowerCase() === 'false')),
  );
}
