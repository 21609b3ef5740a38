// The load balancer: the ALB (with its web ACL), the target group of the instances, the HTTPS
// listener and the HTTP listener that only redirects.
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { OPT_OUTS, optOutTag } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { AccessLogs } from './access-logs';
import { AlbAsgContext } from './context';

/** The load balancer and what hangs off it. */
export interface LoadBalancer {
  readonly alb: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  readonly httpListener: LbListener;
}

/** The ALB at `scope` behind `albSecurityGroup`, logging to `accessLogs`, with its target group and listeners. */
export function createLoadBalancer(scope: Construct, ctx: AlbAsgContext, deps: { readonly albSecurityGroup: SecurityGroup; readonly accessLogs: AccessLogs }): LoadBalancer {
  const { props, tags } = ctx;
  const {
    name,
    sslPolicy,
    deletionProtection,
    targetProtocol,
    appPort,
    healthCheckPath,
    healthyThreshold,
    unhealthyThreshold,
    healthCheckIntervalSeconds: interval,
    deregistrationDelaySeconds: deregistrationDelay,
  } = ctx.settings;
  const alb = new Lb(scope, 'alb', {
    name: `${name}-alb`,
    loadBalancerType: 'application',
    internal: props.internal ?? false,
    securityGroups: [deps.albSecurityGroup.id],
    subnets: props.albSubnetIds,
    dropInvalidHeaderFields: true,
    enableDeletionProtection: deletionProtection,
    desyncMitigationMode: 'strictest',
    enableHttp2: true,
    idleTimeout: 60,
    accessLogs: { bucket: deps.accessLogs.bucket.bucket, prefix: deps.accessLogs.prefix, enabled: true },
    tags: tags(
      `${name}-alb`,
      {
        ...(deletionProtection ? {} : optOutTag(OPT_OUTS.deletionProtection, props.deletionProtectionDisabledReason!)),
        ...(props.webAclDisabledReason !== undefined ? optOutTag(OPT_OUTS.waf, props.webAclDisabledReason) : {}),
      },
    ),
    // ELB checks that it can write to the bucket when access logs are turned on.
    dependsOn: deps.accessLogs.policy ? [deps.accessLogs.policy] : undefined,
  });
  if (props.webAclArn) {
    new Wafv2WebAclAssociation(scope, 'waf', { resourceArn: alb.arn, webAclArn: props.webAclArn });
  }

  const targetGroup = new LbTargetGroup(scope, 'tg', {
    name: `${name}-tg`,
    vpcId: props.vpcId,
    port: appPort,
    protocol: targetProtocol,
    targetType: 'instance',
    deregistrationDelay: String(deregistrationDelay),
    healthCheck: {
      enabled: true,
      path: healthCheckPath,
      protocol: targetProtocol,
      port: 'traffic-port',
      healthyThreshold,
      unhealthyThreshold,
      interval,
      timeout: Math.min(10, interval - 1),
      matcher: '200',
    },
    stickiness: { type: 'lb_cookie', enabled: props.stickinessEnabled ?? false, cookieDuration: 3600 },
    tags: tags(`${name}-tg`, targetProtocol === 'HTTP' ? optOutTag(OPT_OUTS.targetTls, props.targetProtocolHttpReason!) : {}),
  });

  const https = new LbListener(scope, 'https', {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy,
    certificateArn: props.certificateArn,
    defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
    tags: tags(`${name}-https`),
  });
  const http = new LbListener(scope, 'http', {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: 'HTTP',
    defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    tags: tags(`${name}-http`),
  });
  return { alb, targetGroup, httpsListener: https, httpListener: http };
}
