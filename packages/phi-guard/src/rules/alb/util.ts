import { literalString, SynthResource } from '../../synthesized';

/** Application load balancers only: `load_balancer_type` unset or `application`. */
export function isApplicationLoadBalancer(lb: SynthResource): boolean {
  const type = lb.config.load_balancer_type;
  return type === undefined || type === 'application' || literalString(type) === undefined;
}

/** A listener's protocol; ALB listeners default to HTTP, or HTTPS when they carry a certificate. */
export function listenerProtocol(listener: SynthResource): string | undefined {
  const protocol = literalString(listener.config.protocol);
  if (protocol) return protocol.toUpperCase();
  if (listener.config.protocol !== undefined) return undefined; // an expression
  return listener.config.certificate_arn ? 'HTTPS' : 'HTTP';
}

export const LOAD_BALANCER_TYPES = ['aws_lb', 'aws_alb'];
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];
