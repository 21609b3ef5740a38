import { isExpression, literalString, SynthResource } from '../../synthesized';

/** Application load balancers only: `load_balancer_type` unset or `application` (unknown counts as application). */
export function isApplicationLoadBalancer(lb: SynthResource): boolean {
  const type = lb.config.load_balancer_type;
  return type === undefined || type === 'application' || literalString(type) === undefined;
}

/** Marker of a listener protocol that stays unknown until apply. */
export const UNKNOWN_PROTOCOL = 'unknown';

/**
 * A listener's protocol; ALB listeners default to HTTP, or HTTPS when they carry a certificate. A
 * protocol only known at apply is `UNKNOWN_PROTOCOL`: it could be plain HTTP, so the TLS rules judge it.
 */
export function listenerProtocol(listener: SynthResource): string {
  const protocol = literalString(listener.config.protocol);
  if (protocol) return protocol.toUpperCase();
  if (isExpression(listener.config.protocol)) return UNKNOWN_PROTOCOL;
  return listener.config.certificate_arn ? 'HTTPS' : 'HTTP';
}

export const LOAD_BALANCER_TYPES = ['aws_lb', 'aws_alb'];
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];
