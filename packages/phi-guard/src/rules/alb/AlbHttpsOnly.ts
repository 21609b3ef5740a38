import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { block, blocks, describeUnknown, literalString } from '../../synthesized';
import { LISTENER_TYPES, listenerProtocol, UNKNOWN_PROTOCOL } from './util';

export const AlbHttpsOnly = defineRule({
  id: 'PHI-ALB-2',
  name: 'AlbHttpsOnly',
  level: 'error',
  description: 'ALB listeners serve HTTPS only; a plain HTTP listener (or one whose protocol is unknown until apply) may only redirect to HTTPS.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'ALBHttpToHttpsRedirection', checkov: 'CKV2_AWS_20' },
  resourceTypes: LISTENER_TYPES,
  check(listener) {
    const protocol = listenerProtocol(listener);
    if (protocol !== 'HTTP' && protocol !== UNKNOWN_PROTOCOL) return NOT_APPLICABLE;
    const actions = blocks(listener.config.default_action);
    const redirects =
      actions.length > 0 && actions.every((a) => literalString(a.type) === 'redirect' && (literalString(block(a.redirect)?.protocol) ?? '').toUpperCase() === 'HTTPS');
    const what = protocol === UNKNOWN_PROTOCOL ? `the listener's protocol is ${describeUnknown(listener.config.protocol)} and it` : 'the HTTP listener';
    return redirects
      ? COMPLIANT
      : nonCompliant(`${what} does not only redirect to HTTPS`, 'give the HTTP listener a single default_action { type = "redirect", redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } }, and write protocol as a literal');
  },
});
