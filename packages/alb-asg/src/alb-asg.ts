import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Connections, IConnectable, IGrantable, IKmsKey, IPrincipal, Problems } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { createAccessLogs } from './access-logs';
import { createAutoScaling } from './auto-scaling';
import { albAsgContext } from './context';
import { createInstanceRole } from './instance-role';
import { createLaunchTemplate } from './launch-template';
import { createLoadBalancer } from './load-balancer';
import { PeakCalendar } from './peak-windows';
import { AlbAsgProps } from './props';
import { createRootVolumeKey } from './root-volume-key';
import { CompiledSchedule } from './schedule-compiler';
import { ScheduledAction } from './scheduled-actions';
import { createSecurityGroups } from './security-groups';
import { validateAlbAsg } from './validation';

/**
 * The web tier: an internet-facing Application Load Balancer over the public subnets (HTTPS with
 * a TLS 1.2+ policy, HTTP only redirecting, access logs, optional WAF) in front of an Auto Scaling
 * group of IMDSv2-only, encrypted, private instances that scales on CPU and on a schedule.
 */
export class AlbAsg extends Construct implements IGrantable, IConnectable {
  /** The instance role, for grants: `images.grantReadWrite(web, 'images/')` adds a policy to it. */
  public readonly grantPrincipal: IPrincipal;
  /**
   * The instances' security group as a peer: `database.allowFrom(web)` opens the database's
   * ingress and the instances' egress (`app-out-<peer>`), both by group reference.
   */
  public readonly connections: Connections;
  /** The load balancer. */
  public readonly alb: Lb;
  /** ARN of the ALB. */
  public readonly albArn: string;
  /** DNS name of the ALB (the target of the app's DNS alias). */
  public readonly albDnsName: string;
  /** Route 53 hosted zone id of the ALB, for alias records. */
  public readonly albZoneId: string;
  /** ARN of the HTTPS listener. */
  public readonly httpsListenerArn: string;
  /** ARN of the HTTP listener (redirects to HTTPS). */
  public readonly httpListenerArn: string;
  /** ARN of the target group. */
  public readonly targetGroupArn: string;
  /** ARN suffix of the ALB (`app/<name>/<id>`): the `LoadBalancer` dimension of its CloudWatch metrics. */
  public readonly albArnSuffix: string;
  /** ARN suffix of the target group (`targetgroup/<name>/<id>`): the `TargetGroup` dimension of its CloudWatch metrics. */
  public readonly targetGroupArnSuffix: string;
  /** Name of the Auto Scaling group. */
  public readonly autoscalingGroupName: string;
  /** Id of the ALB's security group. */
  public readonly albSecurityGroupId: string;
  /** Id of the instances' security group: allow it on the database and cache security groups. */
  public readonly appSecurityGroupId: string;
  /** The ALB's security group (443 and 80 in, the app port to the instances out). */
  public readonly albSecurityGroup: SecurityGroup;
  /** The instances' security group (the app port from the ALB in; HTTPS out, plus `allowAppEgressTo`). */
  public readonly appSecurityGroup: SecurityGroup;
  /** The Auto Scaling group of the instances. */
  public readonly autoscalingGroup: AutoscalingGroup;
  /** Port the instances listen on (the target group's port). */
  public readonly appPort: number;
  /** Id of the launch template. */
  public readonly launchTemplateId: string;
  /** Name of the instance role. */
  public readonly instanceRoleName: string;
  /** ARN of the instance role. */
  public readonly instanceRoleArn: string;
  /** Name of the access-log bucket. */
  public readonly accessLogsBucketName: string;
  /** The key that encrypts the root volumes. */
  public readonly kmsKey: IKmsKey;
  /** The scheduled actions applied, after defaults. */
  public readonly scheduledActions: readonly ScheduledAction[];
  /** The peak calendar the schedule was compiled from (undefined with raw `scheduledActions`). */
  public readonly peakCalendar?: PeakCalendar;
  /** The compiled schedule: actions, change points and horizon (undefined with raw `scheduledActions`). */
  public readonly schedule?: CompiledSchedule;

  constructor(scope: Construct, id: string, props: AlbAsgProps) {
    super(scope, id);
    // Every resource is created at this construct's scope, under the id it has always had, so
    // that the resource families below leave every Terraform address unchanged.
    const settings = validateAlbAsg(this.node.path, props);
    if (settings.schedule) {
      this.peakCalendar = settings.peakCalendar;
      this.schedule = settings.schedule;
    }
    this.scheduledActions = settings.scheduledActions;
    const ctx = albAsgContext(this, props, settings);

    const accessLogs = createAccessLogs(this, ctx);
    const { albSecurityGroup, appSecurityGroup, connections } = createSecurityGroups(this, ctx);
    const { alb, targetGroup, httpsListener, httpListener } = createLoadBalancer(this, ctx, { albSecurityGroup, accessLogs });
    const kmsKey = createRootVolumeKey(this, ctx);
    const instanceRole = createInstanceRole(this, ctx);
    const launchTemplate = createLaunchTemplate(this, ctx, { appSecurityGroup, instanceProfile: instanceRole.profile, kmsKey });
    const autoscalingGroup = createAutoScaling(this, ctx, { alb, targetGroup, launchTemplate });

    // ---- Outputs
    this.grantPrincipal = instanceRole.grantPrincipal;
    this.connections = connections;
    this.alb = alb;
    this.albArn = alb.arn;
    this.albDnsName = alb.dnsName;
    this.albZoneId = alb.zoneId;
    this.httpsListenerArn = httpsListener.arn;
    this.httpListenerArn = httpListener.arn;
    this.targetGroupArn = targetGroup.arn;
    this.albArnSuffix = alb.arnSuffix;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.autoscalingGroupName = autoscalingGroup.name;
    this.albSecurityGroupId = albSecurityGroup.id;
    this.appSecurityGroupId = appSecurityGroup.id;
    this.albSecurityGroup = albSecurityGroup;
    this.appSecurityGroup = appSecurityGroup;
    this.autoscalingGroup = autoscalingGroup;
    this.appPort = settings.appPort;
    this.launchTemplateId = launchTemplate.id;
    this.instanceRoleName = instanceRole.role.name;
    this.instanceRoleArn = instanceRole.role.arn;
    this.accessLogsBucketName = accessLogs.bucket.bucket;
    this.kmsKey = kmsKey;
  }

  /**
   * Lets the instances open TCP connections to another security group on one port, e.g. the
   * database's. Terraform removes AWS's default allow-all egress from the groups it creates, so
   * the instances reach nothing but HTTPS until a rule like this one exists. The rule references
   * the group, not a CIDR; its construct id is `app-out-<id>`.
   *
   * ```ts
   * web.allowAppEgressTo('mysql', database.securityGroupId, 3306);
   * ```
   */
  public allowAppEgressTo(id: string, securityGroupId: string, port: number, description?: string): VpcSecurityGroupEgressRule {
    const problems = new Problems(this.node.path);
    if (!/^[a-z][a-z0-9-]{0,40}$/.test(id)) problems.add(`allowAppEgressTo id must be 1-41 lowercase letters, digits or hyphens (got '${id}'): it becomes the construct id app-out-${id}`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) problems.add(`allowAppEgressTo port must be an integer between 1 and 65535 (got ${port})`);
    if (!Token.isUnresolved(securityGroupId) && !/^sg-[0-9a-f]{8,17}$/.test(securityGroupId)) {
      problems.add(`allowAppEgressTo securityGroupId must be a security group id like sg-0123456789abcdef0 or a reference to one (got '${securityGroupId}')`);
    }
    problems.throwIfAny();
    return this.connections.addEgressRule(id, securityGroupId, port, description);
  }
}
