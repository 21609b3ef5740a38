import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { block, blocks } from '../../synthesized';
import { LISTENER_TYPES, listenerProtocol } from './util';

export const AlbHttpsOnly = defineRule({
  id: 'PHI-ALB-2',
  name: 'AlbHttpsOnly',
  level: 'error',
  description: 'ALB listeners serve HTTPS only; a plain HTTP listener may only redirect to HTTPS.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'ALBHttpToHttpsRedirection', checkov: 'CKV2_AWS_20' },
  resourceTypes: LISTENER_TYPES,
  check(listener) {
    const protocol = listenerProtocol(listener);
    if (protocol !== 'HTTP') return NOT_APPLICABLE;
    const actions = blocks(listener.config.default_action);
    const redirects = actions.length > 0 && actions.every((a) => a.type === 'redirect' && String(block(a.redirect)?.protocol ?? '').toUpperCase() === 'HTTPS');
    return redirects
      ? COMPLIANT
      : nonCompliant('the HTTP listener does not only redirect to HTTPS', 'give the HTTP listener a single default_action { type = "redirect", redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } }');
  },
});
