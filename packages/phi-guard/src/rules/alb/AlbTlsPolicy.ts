import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { blocks, describeUnknown, isUnknown, literalString } from '../../synthesized';
import { LISTENER_TYPES, listenerProtocol, UNKNOWN_PROTOCOL } from './util';

/** Predefined ELB policies that negotiate TLS 1.2 or later only. */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

export const AlbTlsPolicy = defineRule({
  id: 'PHI-ALB-3',
  name: 'AlbTlsPolicy',
  level: 'error',
  description: 'HTTPS and TLS listeners use a TLS 1.2+ security policy (the default ELBSecurityPolicy-2016-08 accepts TLS 1.0).',
  control: '§164.312(e)(2)(ii)',
  anchors: { cdkNag: 'ELBTlsHttpsListenersOnly', checkov: 'CKV_AWS_103' },
  resourceTypes: LISTENER_TYPES,
  check(listener) {
    const protocol = listenerProtocol(listener);
    // An unknown protocol that only redirects is PHI-ALB-2's: it serves nothing.
    const redirectOnly = blocks(listener.config.default_action).every((a) => literalString(a.type) === 'redirect');
    if (protocol !== 'HTTPS' && protocol !== 'TLS' && !(protocol === UNKNOWN_PROTOCOL && !redirectOnly)) return NOT_APPLICABLE;
    const policy = listener.config.ssl_policy;
    const fix = 'set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"';
    if (isUnknown(policy)) return nonCompliant(`ssl_policy is ${describeUnknown(policy)}`, fix);
    if (typeof policy === 'string' && TLS12_POLICY.test(policy)) return COMPLIANT;
    return nonCompliant(`ssl_policy is ${String(policy ?? 'not set (ELBSecurityPolicy-2016-08)')}`, fix);
  },
});
