import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { App, Testing, TerraformStack } from 'cdktf';
import { AlbAsg, AlbAsgProps, cronProblem, DEFAULT_SSL_POLICY } from '../src';
import { bucketFromArn, IBucket, kmsKeyFromArn } from '@phi-stack/constructs-core';
import { AlbAsgExample } from '../examples/web-tier';

// Synthesized Terraform JSON is untyped; tests index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';
const BASE: AlbAsgProps = {
  name: 'web',
  vpcId: 'vpc-123',
  albSubnetIds: ['subnet-pa', 'subnet-pb', 'subnet-pc'],
  appSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  certificateArn: CERT,
  imageId: 'ami-0123456789abcdef0',
};

function resources(json: Json, type: string): Json[] {
  return Object.values(json.resource?.[type] ?? {}) as Json[];
}
function one(json: Json, type: string, prefix: string): Json {
  const keys = Object.keys(json.resource[type]).filter((k) => k.startsWith(prefix));
  expect(keys).toHaveLength(1);
  return json.resource[type][keys[0]];
}
function ref(json: Json, type: string, prefix: string, attr: string): string {
  const keys = Object.keys(json.resource[type]).filter((k) => k.startsWith(prefix));
  expect(keys).toHaveLength(1);
  return `\${${type}.${keys[0]}.${attr}}`;
}
function synthWeb(props: Partial<AlbAsgProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AlbAsg(stack, 'web', { ...BASE, ...props });
  return JSON.parse(Testing.synth(stack));
}
function build(props: Partial<AlbAsgProps>): () => AlbAsg {
  return () => new AlbAsg(new TerraformStack(new App(), 'test'), 'web', { ...BASE, ...props });
}

describe('AlbAsg example (two AZs, WAF, SSM AMI, seed schedule)', () => {
  const stack = new AlbAsgExample(Testing.app(), 'alb-asg-example', { scheduleFromYear: 2026 });
  const json: Json = JSON.parse(Testing.synth(stack));

  it('puts the ALB in the public subnets with secure attributes and access logs to the created bucket', () => {
    const alb = one(json, 'aws_lb', 'web_alb');
    expect(alb).toEqual(
      expect.objectContaining({ load_balancer_type: 'application', internal: false, drop_invalid_header_fields: true, enable_deletion_protection: false }),
    );
    expect(alb.subnets).toEqual([0, 1].map((i) => ref(json, 'aws_subnet', `vpc_public-subnet-${i}`, 'id')));
    expect(alb.security_groups).toEqual([ref(json, 'aws_security_group', 'web_alb-sg', 'id')]);
    expect(alb.access_logs).toEqual({ bucket: ref(json, 'aws_s3_bucket', 'web_access-logs', 'bucket'), prefix: 'web-example', enabled: true });
    expect(alb.tags['phi-stack:opt-out:deletion-protection']).toBe('example stack: destroyed by the integration test');
    expect(alb.depends_on).toEqual([`aws_s3_bucket_policy.${Object.keys(json.resource.aws_s3_bucket_policy)[0]}`]);
  });

  it('listens on 443 with the default TLS policy and the certificate, and redirects 80 to HTTPS', () => {
    const https = one(json, 'aws_lb_listener', 'web_https');
    expect(https).toEqual(expect.objectContaining({ port: 443, protocol: 'HTTPS', ssl_policy: DEFAULT_SSL_POLICY }));
    expect(https.certificate_arn).toBe(ref(json, 'aws_acm_certificate', 'test-certificate', 'arn'));
    expect(https.default_action).toEqual([{ type: 'forward', target_group_arn: ref(json, 'aws_lb_target_group', 'web_tg', 'arn') }]);
    const http = one(json, 'aws_lb_listener', 'web_http_');
    expect(http.port).toBe(80);
    expect(http.default_action).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
  });

  it('uses HTTPS to the targets with health checks, stickiness off', () => {
    const tg = one(json, 'aws_lb_target_group', 'web_tg');
    expect(tg).toEqual(expect.objectContaining({ protocol: 'HTTPS', port: 443, deregistration_delay: '30' }));
    expect(tg.health_check).toEqual(expect.objectContaining({ path: '/health', protocol: 'HTTPS', healthy_threshold: 3, unhealthy_threshold: 3, matcher: '200' }));
    expect(tg.stickiness.enabled).toBe(false);
  });

  it('encrypts the log bucket with SSE-S3, versions it, blocks public access and allows ELB delivery over TLS only', () => {
    expect(one(json, 'aws_s3_bucket_server_side_encryption_configuration', 'web_').rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    expect(one(json, 'aws_s3_bucket_versioning', 'web_').versioning_configuration.status).toBe('Enabled');
    expect(one(json, 'aws_s3_bucket_public_access_block', 'web_')).toEqual(
      expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    );
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('web_access-logs-policy-doc'))![1] as Json;
    const sids = doc.statement.map((s: Json) => s.sid);
    expect(sids).toEqual(['ElbAccountWritesAccessLogs', 'LogDeliveryWritesAccessLogs', 'DenyInsecureTransport']);
    expect(doc.statement[0].principals[0].identifiers[0]).toMatch(/^\$\{data\.aws_elb_service_account\.[^}]+\.arn\}$/);
    expect(doc.statement[2].condition[0]).toEqual({ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] });
  });

  it('lets only the ALB security group reach the instances, on the app port', () => {
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === ref(json, 'aws_security_group', 'web_app-sg', 'id'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toEqual(expect.objectContaining({ from_port: 443, to_port: 443, referenced_security_group_id: ref(json, 'aws_security_group', 'web_alb-sg', 'id') }));
    expect(ingress[0].cidr_ipv4).toBeUndefined();
  });

  it('builds the launch template with IMDSv2, no public IP, a KMS-encrypted gp3 root volume and the SSM AMI', () => {
    const lt = one(json, 'aws_launch_template', 'web_lt');
    expect(lt.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
    expect(lt.network_interfaces[0]).toEqual(expect.objectContaining({ associate_public_ip_address: 'false', security_groups: [ref(json, 'aws_security_group', 'web_app-sg', 'id')] }));
    expect(lt.block_device_mappings[0].ebs).toEqual(
      expect.objectContaining({ volume_type: 'gp3', encrypted: 'true', kms_key_id: ref(json, 'aws_kms_key', 'web_kms-key', 'arn') }),
    );
    expect(lt.monitoring).toEqual({ enabled: true });
    expect(lt.iam_instance_profile).toEqual({ arn: ref(json, 'aws_iam_instance_profile', 'web_instance-profile', 'arn') });
    const ssm = Object.entries(json.data.aws_ssm_parameter)[0];
    expect((ssm[1] as Json).name).toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(lt.image_id).toBe(`\${nonsensitive(data.aws_ssm_parameter.${ssm[0]}.value)}`);
    expect(Buffer.from(lt.user_data, 'base64').toString()).toBe('#!/bin/bash\necho "web-example instance"\n');
  });

  it('grants the instance role SSM core plus the image prefix and its key through S3 only', () => {
    expect(one(json, 'aws_iam_role_policy_attachment', 'web_instance-ssm').policy_arn).toMatch(/:iam::aws:policy\/AmazonSSMManagedInstanceCore$/);
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('web_instance-bucket-doc'))![1] as Json;
    expect(doc.statement[0].resources).toEqual(['arn:aws:s3:::phi-stack-example-images/images/*']);
    expect(doc.statement[0].actions).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(doc.statement[1].condition[0].values).toEqual(['images/*']);
    expect(doc.statement[2].resources).toEqual([ref(json, 'aws_kms_key', 'images-key', 'arn')]);
    expect(doc.statement[2].condition[0].variable).toBe('kms:ViaService');
  });

  it('runs the ASG in the private subnets with ELB health checks, instance refresh and the latest template', () => {
    const asg = one(json, 'aws_autoscaling_group', 'web_asg');
    expect(asg).toEqual(expect.objectContaining({ max_size: 6, health_check_type: 'ELB', health_check_grace_period: 300, capacity_rebalance: false, metrics_granularity: '1Minute' }));
    // min and desired at creation: the minimum in force at plan time (2 outside peaks); the schedule owns them after.
    expect(asg.min_size).toMatch(/^\$\{try\(reverse\(\[for s in local\.web_schedule-steps_[0-9A-F]+ : s\[1\] if timecmp\(s\[0\], plantimestamp\(\)\) <= 0\]\)\[0\], 2\)\}$/);
    expect(asg.desired_capacity).toMatch(/^\$\{max\(2, try\(/);
    expect(asg.lifecycle).toEqual({ ignore_changes: ['desired_capacity', 'min_size'] });
    expect(asg.vpc_zone_identifier).toEqual([0, 1].map((i) => ref(json, 'aws_subnet', `vpc_private-subnet-${i}`, 'id')));
    expect(asg.target_group_arns).toEqual([ref(json, 'aws_lb_target_group', 'web_tg', 'arn')]);
    expect(asg.launch_template).toEqual({ id: ref(json, 'aws_launch_template', 'web_lt', 'id'), version: ref(json, 'aws_launch_template', 'web_lt', 'latest_version') });
    expect(asg.instance_refresh).toEqual({
      strategy: 'Rolling',
      preferences: {
        min_healthy_percentage: 100,
        max_healthy_percentage: 110,
        instance_warmup: '300',
        checkpoint_percentages: [25, 50, 100],
        checkpoint_delay: '600',
        auto_rollback: true,
        skip_matching: true,
      },
    });
    expect(asg.enabled_metrics).toContain('GroupInServiceInstances');
  });

  it('names the CPU policy without its target, so a retune updates it in place instead of replacing it', () => {
    const at = (cpuTargetPercent: number): Json => one(synthWeb({ cpuTargetPercent }), 'aws_autoscaling_policy', 'web_cpu-target');
    expect(at(50).name).toBe(at(70).name);
    expect(at(50).name).not.toMatch(/50/);
    expect(at(70).target_tracking_configuration.target_value).toBe(70);
  });

  it('tracks 65% CPU and requests per target on the ALB and target group', () => {
    const cpu = one(json, 'aws_autoscaling_policy', 'web_cpu-target');
    expect(cpu.policy_type).toBe('TargetTrackingScaling');
    expect(cpu.target_tracking_configuration).toEqual({ predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' }, target_value: 65 });
    const req = one(json, 'aws_autoscaling_policy', 'web_requests-target');
    expect(req.target_tracking_configuration.predefined_metric_specification.resource_label).toBe(
      `${ref(json, 'aws_lb', 'web_alb', 'arn_suffix')}/${ref(json, 'aws_lb_target_group', 'web_tg', 'arn_suffix')}`,
    );
  });

  it('compiles the seed peaks (weekends, Thanksgiving, Christmas, New Year) into guarded actions in the given time zone', () => {
    const schedules = resources(json, 'aws_autoscaling_schedule');
    expect(schedules.length).toBe(stack.web.scheduledActions.length);
    expect(schedules.length).toBeLessThanOrEqual(125);
    for (const s of schedules) {
      expect(s.autoscaling_group_name).toBe(ref(json, 'aws_autoscaling_group', 'web_asg', 'name'));
      expect([s.max_size, s.desired_capacity]).toEqual([-1, -1]);
    }
    const recurring = schedules.filter((s) => s.recurrence !== undefined);
    expect(recurring.length).toBeGreaterThan(0);
    for (const s of recurring) {
      expect(s.time_zone).toBe('America/New_York');
      expect(s.lifecycle).toEqual({ ignore_changes: ['start_time'] });
    }
    // Christmas Eve 2026 starts the window at 06:00 New York time (11:00 UTC) with the peak minimum.
    const christmas = schedules.find((s) => s.scheduled_action_name === 'at-20261220t1100z');
    expect(christmas).toEqual(expect.objectContaining({ start_time: '2026-12-20T11:00:00Z', min_size: 4 }));
    expect(christmas!.count).toBe('${timecmp(plantimestamp(), "2026-12-20T11:05:00Z") < 0 ? 1 : 0}');
  });

  it('associates the WAF web ACL and keys the EBS key to Auto Scaling', () => {
    expect(one(json, 'aws_wafv2_web_acl_association', 'web_waf')).toEqual({
      resource_arn: ref(json, 'aws_lb', 'web_alb', 'arn'),
      web_acl_arn: ref(json, 'aws_wafv2_web_acl', 'web-acl', 'arn'),
    });
    expect(one(json, 'aws_kms_key', 'web_kms-key').enable_key_rotation).toBe(true);
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('web_kms-key_key-policy'))![1] as Json;
    const principals = doc.statement.flatMap((s: Json) => s.principals[0].identifiers);
    expect(principals).not.toContain('*');
    expect(principals[1]).toMatch(/:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/);
  });
});

describe('AlbAsg defaults and options', () => {
  it('defaults to deletion protection, one instance per AZ minimum and three times that maximum', () => {
    const json = synthWeb();
    expect(one(json, 'aws_lb', 'web_alb').enable_deletion_protection).toBe(true);
    const asg = one(json, 'aws_autoscaling_group', 'web_asg');
    expect(asg.max_size).toBe(9);
    expect(asg.min_size).toMatch(/\[0\], 3\)\}$/);
    expect(asg.desired_capacity).toMatch(/^\$\{max\(3, /);
    expect(one(json, 'aws_launch_template', 'web_lt').image_id).toBe('ami-0123456789abcdef0');
    expect(json.data.aws_ssm_parameter).toBeUndefined();
    expect(resources(json, 'aws_autoscaling_policy')).toHaveLength(1);
    expect(resources(json, 'aws_wafv2_web_acl_association')).toHaveLength(0);
    expect(resources(json, 'aws_iam_role_policy')).toHaveLength(0);
    expect(resources(json, 'aws_autoscaling_schedule').find((s) => s.recurrence === '0 7 * * 6')).toEqual(expect.objectContaining({ time_zone: 'UTC', min_size: 6 }));
  });

  it('allows HTTP to the targets only with a reason, recorded in a tag', () => {
    const json = synthWeb({ targetProtocol: 'HTTP', targetProtocolHttpReason: 'TLS terminates in a sidecar on the host', appPort: 8080, scheduledActions: [] });
    const tg = one(json, 'aws_lb_target_group', 'web_tg');
    expect(tg).toEqual(expect.objectContaining({ protocol: 'HTTP', port: 8080 }));
    expect(tg.tags['phi-stack:opt-out:target-tls']).toBe('TLS terminates in a sidecar on the host');
    expect(resources(json, 'aws_autoscaling_schedule')).toHaveLength(0);
  });

  it('compiles a schedule whose peaks raise only the minimum', () => {
    const web = new AlbAsg(new TerraformStack(Testing.app(), 'seed'), 'web', { ...BASE, minCapacity: 2, maxCapacity: 6, peakMinCapacity: 5, scheduleFromYear: 2026 });
    for (const a of web.scheduledActions) {
      if (a.recurrence !== undefined) expect(cronProblem(a.recurrence)).toBeUndefined();
      expect([2, 5]).toContain(a.minSize);
      expect(a.maxSize).toBeUndefined();
      expect(a.desiredCapacity).toBeUndefined();
    }
    expect(cronProblem('0 25 * * *')).toBe("hour field '25' is outside 0-23");
    expect(cronProblem('0 6 * *')).toBe('it has 4 fields, expected 5 (minute hour day-of-month month day-of-week)');
  });
});

describe('AlbAsg scaling signals, credits, AMI and refresh', () => {
  it('sets the CPU credits of burstable types deliberately and refuses standard credits below the CPU target', () => {
    expect(one(synthWeb(), 'aws_launch_template', 'web_lt').credit_specification).toEqual({ cpu_credits: 'unlimited' });
    expect(one(synthWeb({ instanceType: 't3.small', cpuCredits: 'standard', cpuTargetPercent: 20 }), 'aws_launch_template', 'web_lt').credit_specification).toEqual({ cpu_credits: 'standard' });
    expect(one(synthWeb({ instanceType: 'm7g.large' }), 'aws_launch_template', 'web_lt').credit_specification).toBeUndefined();
    expect(build({ instanceType: 't3.medium', cpuCredits: 'standard' })).toThrow(
      "test/web: cpuTargetPercent 65 is above the 20% baseline of t3.medium, which cpuCredits 'standard' throttles to once its credits are spent: use cpuCredits 'unlimited', a target of at most 20, or a non-burstable type",
    );
    expect(build({ instanceType: 'm7g.large', cpuCredits: 'unlimited' })).toThrow(
      "test/web: cpuCredits applies to burstable instance types (t2, t3, t3a, t4g) only (got cpuCredits 'unlimited' on m7g.large): remove it",
    );
  });

  it('adds a predictive scaling policy on CPU beside target tracking, forecasting only unless asked', () => {
    const json = synthWeb({ predictiveScaling: 'forecast-only', requestCountPerTargetTarget: 30000 });
    const policies = resources(json, 'aws_autoscaling_policy');
    expect(policies.map((p) => p.policy_type).sort()).toEqual(['PredictiveScaling', 'TargetTrackingScaling', 'TargetTrackingScaling']);
    expect(one(json, 'aws_autoscaling_policy', 'web_cpu-predictive').predictive_scaling_configuration).toEqual({
      mode: 'ForecastOnly',
      scheduling_buffer_time: '300',
      max_capacity_breach_behavior: 'HonorMaxCapacity',
      metric_specification: { target_value: 65, predefined_metric_pair_specification: { predefined_metric_type: 'ASGCPUUtilization' } },
    });
    expect(one(synthWeb({ predictiveScaling: 'forecast-and-scale' }), 'aws_autoscaling_policy', 'web_cpu-predictive').predictive_scaling_configuration.mode).toBe('ForecastAndScale');
    expect(resources(synthWeb(), 'aws_autoscaling_policy').some((p) => p.policy_type === 'PredictiveScaling')).toBe(false);
  });

  it('keeps the AMI read from SSM unless amiAutoUpdate follows it; a pinned imageId rolls only when it changes', () => {
    const follow = (props: Partial<AlbAsgProps>): Json => {
      const stack = new TerraformStack(Testing.app(), 'test');
      new AlbAsg(stack, 'web', { ...BASE, imageId: undefined, ...props });
      return JSON.parse(Testing.synth(stack));
    };
    expect(one(follow({}), 'aws_launch_template', 'web_lt').lifecycle).toEqual({ ignore_changes: ['image_id'] });
    expect(one(follow({ amiSsmParameterName: '/phi-stack/ami/web', amiAutoUpdate: true }), 'aws_launch_template', 'web_lt').lifecycle).toBeUndefined();
    expect(one(synthWeb(), 'aws_launch_template', 'web_lt').lifecycle).toBeUndefined();
    expect(build({ amiAutoUpdate: true })).toThrow("test/web: imageId pins the AMI, so amiSsmParameterName and amiAutoUpdate do not apply (got imageId 'ami-0123456789abcdef0' with amiAutoUpdate): remove one");
  });

  it('refreshes instances launch-before-terminate with checkpoints and auto-rollback, and checks the checkpoints', () => {
    const asg = one(synthWeb({ instanceRefreshCheckpointPercentages: [50, 100], instanceRefreshCheckpointDelaySeconds: 300, instanceRefreshAutoRollback: false }), 'aws_autoscaling_group', 'web_asg');
    expect(asg.instance_refresh.preferences).toEqual(expect.objectContaining({ checkpoint_percentages: [50, 100], checkpoint_delay: '300', auto_rollback: false, min_healthy_percentage: 100, max_healthy_percentage: 110 }));
    expect(build({ instanceRefreshCheckpointPercentages: [50, 25, 100] })).toThrow(
      'test/web: instanceRefreshCheckpointPercentages must be ascending integers of 1-100 ending with 100 (got [50, 25, 100]): the last checkpoint replaces the whole fleet',
    );
  });

  it('leaves min_size to Terraform only when there is no schedule', () => {
    const asg = one(synthWeb({ scheduledActions: [] }), 'aws_autoscaling_group', 'web_asg');
    expect([asg.min_size, asg.desired_capacity]).toEqual([3, 3]);
    expect(asg.lifecycle).toEqual({ ignore_changes: ['desired_capacity'] });
    expect(build({ scheduledActions: [], peakWindows: [] })).toThrow('test/web: scheduledActions and peakWindows are exclusive (got both): raw actions do not stack, so pass either the windows or the actions');
  });

  it('guards raw actions at plan time too, and refuses two one-time actions at the same start', () => {
    const json = synthWeb({
      scheduledActions: [
        { name: 'launch', startTime: '2027-03-01T12:00:00Z', minSize: 5 },
        { name: 'launch-week', recurrence: '0 8 * * 1-5', startTime: '2027-03-01T13:00:00Z', endTime: '2027-03-06T00:00:00Z', minSize: 4 },
      ],
    });
    const [once, weekly] = ['launch', 'launch-week'].map((n) => resources(json, 'aws_autoscaling_schedule').find((s) => s.scheduled_action_name === n)!);
    expect(once.count).toBe('${timecmp(plantimestamp(), "2027-03-01T12:05:00Z") < 0 ? 1 : 0}');
    expect(once.start_time).toBe('2027-03-01T12:00:00Z');
    expect(weekly.start_time).toBe('${timecmp(plantimestamp(), "2027-03-01T13:00:00Z") < 0 ? "2027-03-01T13:00:00Z" : null}');
    expect(weekly.count).toBe('${timecmp(plantimestamp(), "2027-03-06T00:05:00Z") < 0 ? 1 : 0}');
    expect(weekly.lifecycle).toEqual({ ignore_changes: ['start_time'] });
    expect(
      build({
        scheduledActions: [
          { name: 'a', startTime: '2027-03-01T12:00:00Z', minSize: 5 },
          { name: 'b', startTime: '2027-03-01T12:00:00Z', minSize: 4 },
        ],
      }),
    ).toThrow("test/web: scheduledActions 'b' runs at 2027-03-01T12:00:00Z like 'a': AWS rejects two scheduled actions with the same start time, merge them");
  });
});

describe('AlbAsg bad input', () => {
  it('names every bad prop in one error, and no follow-on problem of a capacity already named', () => {
    expect(build({ name: 'Web', appPort: 0, maxCapacity: 0, cpuCredits: 'bursty' as never, scheduleTimeZone: 'Mars/Olympus' })).toThrow(
      new RegExp(
        [
          '^test/web: 5 problems:',
          "  - name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen \\(got 'Web'\\)",
          '  - appPort must be an integer between 1 and 65535 \\(got 0\\)',
          '  - maxCapacity must be an integer between 1 and 1000 \\(got 0\\)',
          "  - cpuCredits must be 'standard' or 'unlimited' \\(got 'bursty'\\)",
          "  - scheduleTimeZone must be an IANA time zone like America/New_York \\(got 'Mars/Olympus'\\)",
        ].join('[^\\n]*\\n') + '[^\\n]*$',
      ),
    );
  });

  it('rejects a kmsKey passed as a string, which would leave the volumes on the AWS-managed key', () => {
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    expect(build({ kmsKey: arn as unknown as AlbAsgProps['kmsKey'] })).toThrow(
      `test/web: kmsKey must be a KMS key, an aws_kms_key construct or kmsKeyFromArn('arn:aws:kms:<region>:<account>:key/<id>') (got the string '${arn}'): a bare string would silently leave the data on the AWS-managed key`,
    );
  });

  it('encrypts the volumes with a key of another stack given by its ARN', () => {
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const json = JSON.stringify(synthWeb({ kmsKey: kmsKeyFromArn(arn) }));
    expect(json).toContain(`"kms_key_id":"${arn}"`);
    expect(json).not.toContain('"aws_kms_key"');
  });

  it('rejects an invalid ingress CIDR block', () => {
    expect(build({ albIngressCidrBlocks: ['10.0.0.0/8', '203.0.113.7/24'] })).toThrow(
      "test/web: albIngressCidrBlocks[1] must be an IPv4 CIDR block with no host bits set, like 203.0.113.0/24 (got '203.0.113.7/24')",
    );
    expect(build({ albIngressCidrBlocks: ['300.0.0.0/8'] })).toThrow("albIngressCidrBlocks[0] must be an IPv4 CIDR block with no host bits set, like 203.0.113.0/24 (got '300.0.0.0/8')");
    expect(build({ albIngressCidrBlocks: ['0.0.0.0/0'] })).not.toThrow();
  });

  it('rejects a non-KMS ARN for the image bucket key', () => {
    const stack = new TerraformStack(new App(), 'test');
    expect(() => bucketFromArn(stack, 'arn:aws:s3:::images', { encryptionKey: kmsKeyFromArn('arn:aws:s3:::images') })).toThrow(
      "kmsKeyFromArn: the ARN must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got 'arn:aws:s3:::images')",
    );
    expect(() => bucketFromArn(stack, 'arn:aws:s3:::images', { encryptionKey: { arn: 'arn:aws:s3:::images', keyId: 'images' } })).toThrow(
      "test: bucketFromArn encryptionKey must be a KMS key with a key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got 'arn:aws:s3:::images')",
    );
  });

  it('refuses the removed image-bucket props instead of ignoring them', () => {
    expect(build({ imageBucketArn: 'arn:aws:s3:::images' } as Partial<AlbAsgProps>)).toThrow(
      "test/web: imageBucketArn was removed (got 'arn:aws:s3:::images'): grant the bucket instead, images.grantReadWrite(web, 'images/')",
    );
    expect(build({ imageBucketKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' } as Partial<AlbAsgProps>)).toThrow('test/web: imageBucketKmsKeyArn was removed');
  });

  it('grants elasticache:Connect on the replication group and the user for IAM cache authentication, both or neither', () => {
    const group = 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions';
    const user = 'arn:aws:elasticache:us-east-1:123456789012:user:sessions-app';
    const json = synthWeb({ appConfigParameterPath: '/phi-stack/x/config', iamCacheAuthReplicationGroupArns: [group], iamCacheAuthUserArns: [user] });
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('web_instance-app-doc'))![1] as Json;
    expect(doc.statement).toContainEqual({ sid: 'ConnectToCacheWithIamAuth', effect: 'Allow', actions: ['elasticache:Connect'], resources: [group, user] });
    expect(build({ iamCacheAuthReplicationGroupArns: [group] })).toThrow('test/web: iamCacheAuthReplicationGroupArns and iamCacheAuthUserArns go together (got 1 replication group(s) and 0 user(s))');
    expect(build({ iamCacheAuthReplicationGroupArns: ['arn:aws:elasticache:us-east-1:123456789012:replicationgroup:*'], iamCacheAuthUserArns: [user] })).toThrow(
      'iamCacheAuthReplicationGroupArns[0] must be an ElastiCache replication group ARN',
    );
  });

  it('rejects capacities that break min <= desired <= max or leave fewer instances than AZs', () => {
    expect(build({ minCapacity: 4, desiredCapacity: 3, maxCapacity: 6 })).toThrow(
      'test/web: capacities must satisfy minCapacity <= desiredCapacity <= maxCapacity (got 4 <= 3 <= 6)',
    );
    expect(build({ minCapacity: 1, maxCapacity: 2 })).toThrow(
      'test/web: maxCapacity must be at least the number of app subnets (got 2 for 3 AZs): the group needs an instance per AZ to survive an AZ failure',
    );
  });

  it('rejects an invalid cron expression, time zone or incomplete schedule', () => {
    expect(build({ scheduledActions: [{ name: 'launch', recurrence: '0 6 32 12 *', minSize: 4 }] })).toThrow(
      "test/web: scheduledActions 'launch' has an invalid recurrence '0 6 32 12 *': day-of-month field '32' is outside 1-31",
    );
    expect(build({ scheduledActions: [{ name: 'launch', recurrence: '0 6 * * *', timeZone: 'Mars/Olympus', minSize: 4 }] })).toThrow(
      "test/web: scheduledActions 'launch' timeZone must be an IANA time zone like America/New_York (got 'Mars/Olympus')",
    );
    expect(build({ scheduledActions: [{ name: 'launch', minSize: 4 }] })).toThrow("test/web: scheduledActions 'launch' must set recurrence, startTime or both (got neither)");
    expect(build({ scheduledActions: [{ name: 'launch', startTime: '2026-12-24 06:00', minSize: 4 }] })).toThrow(
      "test/web: scheduledActions 'launch' startTime must be ISO 8601 in UTC like 2026-12-24T06:00:00Z (got '2026-12-24 06:00')",
    );
    expect(build({ scheduleTimeZone: 'EST5' })).toThrow("test/web: scheduleTimeZone must be an IANA time zone like America/New_York (got 'EST5')");
  });

  it('requires reasons for HTTP targets and disabled deletion protection', () => {
    expect(build({ targetProtocol: 'HTTP' })).toThrow(
      "test/web: targetProtocolHttpReason is required when targetProtocol is 'HTTP' (PHI would cross the VPC unencrypted between the ALB and the instances) (got none): state why, it is recorded in the tag phi-stack:opt-out:target-tls",
    );
    expect(build({ deletionProtection: false })).toThrow('test/web: deletionProtectionDisabledReason is required when deletionProtection is false (got none): state why, it is recorded in the tag phi-stack:opt-out:deletion-protection');
    expect(build({ deletionProtection: false, deletionProtectionDisabledReason: 'temp' })).toThrow(
      'test/web: deletionProtectionDisabledReason must state the reason in at least 10 characters (got "temp", 4)',
    );
    expect(build({ deletionProtection: false, deletionProtectionDisabledReason: 'preview stack, torn down nightly' })).toThrow(
      'test/web: deletionProtectionDisabledReason must use only letters, digits, spaces and _ . : / = + - @, what AWS accepts in a tag value (got "," in',
    );
  });

  it('rejects a weak TLS policy, a malformed certificate ARN and a single app subnet', () => {
    expect(build({ sslPolicy: 'ELBSecurityPolicy-2016-08' })).toThrow(
      "test/web: sslPolicy must be a TLS 1.2+ ELB policy such as ELBSecurityPolicy-TLS13-1-2-2021-06 (got 'ELBSecurityPolicy-2016-08')",
    );
    expect(build({ certificateArn: 'my-cert' })).toThrow("test/web: certificateArn must be an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/<id> (got 'my-cert')");
    expect(build({ appSubnetIds: ['subnet-a'] })).toThrow('test/web: appSubnetIds must list at least 2 subnets in different AZs (got 1): one AZ is not highly available');
  });

  it('scopes image access to a prefix and rejects a wildcard, a bucket ARN of another kind or a bad name', () => {
    const stack = new TerraformStack(new App(), 'test');
    const web = new AlbAsg(stack, 'web', BASE);
    const images: IBucket = bucketFromArn(stack, 'arn:aws:s3:::images');
    for (const prefix of ['*', '/images/', 'images', '']) {
      expect(() => images.grantReadWrite(web, prefix)).toThrow(`test: grantReadWrite keyPrefix must be a key prefix like images/: not empty, no leading /, no wildcard, ending in / (got '${prefix}')`);
    }
    expect(() => bucketFromArn(stack, 'arn:aws:s3:::images/scans/*')).toThrow("test: bucketFromArn needs an S3 bucket ARN like arn:aws:s3:::my-bucket (got 'arn:aws:s3:::images/scans/*')");
    images.grantReadWrite(web, 'images/');
    expect(() => images.grantReadWrite(web, 'thumbs/')).toThrow("test/web: the role already has the grant 'bucket-prefix' (construct instance-bucket)");
    images.grantReadWrite(web, 'thumbs/', { id: 'thumbs', policyName: 'thumbs-prefix' });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const policies = resources(json, 'aws_iam_role_policy').map((p) => p.name).sort();
    expect(policies).toEqual(['bucket-prefix', 'thumbs-prefix']);
    // Without an encryption key, no KMS statement: an SSE-S3 bucket needs none.
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('web_instance-bucket-doc'))![1] as Json;
    expect(doc.statement.map((st: Json) => st.sid)).toEqual(['ReadWriteImagePrefix', 'ListImagePrefix']);
    expect(doc.statement[0].resources).toEqual(['arn:aws:s3:::images/images/*']);
    expect(build({ name: 'Web' })).toThrow("test/web: name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got 'Web')");
  });
});

describe('AlbAsg app access (config path, secrets, their keys, IAM database auth)', () => {
  const DB_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf';
  const REDIS_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:web-redis-auth-GhIjKl';
  const DB_KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
  const REDIS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef';
  const dataRef = (json: Json, type: string, prefix: string, attr: string): string => {
    const keys = Object.keys(json.data[type]).filter((k) => k.startsWith(prefix));
    expect(keys).toHaveLength(1);
    return `\${data.${type}.${keys[0]}.${attr}}`;
  };
  const appDoc = (json: Json): Json => Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('web_instance-app-doc'))![1] as Json;

  it('grants exactly the config path, the listed secrets, their keys through Secrets Manager and rds-db:connect as one user', () => {
    const json = synthWeb({
      appConfigParameterPath: '/phi-stack/phi-us-east-1/config',
      appSecretArns: [DB_SECRET, REDIS_SECRET],
      appSecretKmsKeyArns: [DB_KEY, REDIS_KEY],
      iamDatabaseAuthResourceIds: ['db-ABCDEFGHIJKLMNOPQRSTUVWXY1'],
      iamDatabaseAuthUserName: 'app_user',
    });
    const partition = dataRef(json, 'aws_partition', 'phi-stack-environment_partition', 'partition');
    const region = dataRef(json, 'aws_region', 'phi-stack-environment_region', 'name');
    const account = dataRef(json, 'aws_caller_identity', 'phi-stack-environment_account', 'account_id');
    const pathArn = `arn:${partition}:ssm:${region}:${account}:parameter/phi-stack/phi-us-east-1/config`;
    expect(appDoc(json).statement).toEqual([
      { sid: 'ReadAppConfigParameters', effect: 'Allow', actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], resources: [pathArn, `${pathArn}/*`] },
      { sid: 'ReadAppSecrets', effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: [DB_SECRET, REDIS_SECRET] },
      {
        sid: 'DecryptAppSecretsThroughSecretsManager',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [DB_KEY, REDIS_KEY],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${region}.amazonaws.com`] }],
      },
      {
        sid: 'ConnectToDatabaseWithIamAuth',
        effect: 'Allow',
        actions: ['rds-db:connect'],
        resources: [`arn:${partition}:rds-db:${region}:${account}:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY1/app_user`],
      },
    ]);
    const policy = one(json, 'aws_iam_role_policy', 'web_instance-app');
    expect(policy).toEqual({
      name: 'app-config-and-secrets',
      role: ref(json, 'aws_iam_role', 'web_instance-role', 'id'),
      policy: dataRef(json, 'aws_iam_policy_document', 'web_instance-app-doc', 'json'),
    });
  });

  it('grants only what is asked: the path alone gives no secret, key or database statement', () => {
    const json = synthWeb({ appConfigParameterPath: '/app/config' });
    expect(appDoc(json).statement.map((s: Json) => s.sid)).toEqual(['ReadAppConfigParameters']);
    expect(appDoc(json).statement[0].resources[1]).toMatch(/:parameter\/app\/config\/\*$/);
  });

  it('lists a literal secret or key once, and accepts tokens', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const key = new KmsKey(stack, 'secrets-key', { enableKeyRotation: true });
    new AlbAsg(stack, 'web', { ...BASE, appSecretArns: [DB_SECRET, DB_SECRET], appSecretKmsKeyArns: [key.arn, DB_KEY, DB_KEY] });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const [secrets, keys] = appDoc(json).statement;
    expect(secrets.resources).toEqual([DB_SECRET]);
    expect(keys.resources).toEqual([ref(json, 'aws_kms_key', 'secrets-key', 'arn'), DB_KEY]);
  });

  it('rejects wildcard or malformed secret and key ARNs, and keys without secrets', () => {
    expect(build({ appSecretArns: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:*'] })).toThrow(
      "test/web: appSecretArns[0] must be a full Secrets Manager secret ARN like arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-AbCdEf, without wildcards (got 'arn:aws:secretsmanager:us-east-1:123456789012:secret:*'): the instances may read exactly the secrets listed",
    );
    expect(build({ appSecretArns: [DB_SECRET, 'web-redis-auth'] })).toThrow("test/web: appSecretArns[1] must be a full Secrets Manager secret ARN");
    expect(build({ appSecretKmsKeyArns: [DB_KEY] })).toThrow(
      'test/web: appSecretKmsKeyArns needs appSecretArns (got 1 key(s) and no secret): the keys are granted for decrypting those secrets through Secrets Manager only',
    );
    expect(build({ appSecretArns: [DB_SECRET], appSecretKmsKeyArns: ['arn:aws:kms:us-east-1:123456789012:alias/web'] })).toThrow(
      "test/web: appSecretKmsKeyArns[0] must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got 'arn:aws:kms:us-east-1:123456789012:alias/web'): IAM matches kms:Decrypt on the key ARN, not on an alias or a wildcard",
    );
  });

  it('rejects a config path with a trailing slash or wildcard, a reserved prefix, too many levels or too many characters', () => {
    expect(build({ appConfigParameterPath: '/phi-stack/phi-us-east-1/config/' })).toThrow(
      "test/web: appConfigParameterPath must be an SSM path like /phi-stack/phi-us-east-1/config: a leading /, segments of letters, digits, '_', '.' or '-', no trailing / and no wildcard (got '/phi-stack/phi-us-east-1/config/')",
    );
    expect(build({ appConfigParameterPath: '/phi-stack/*' })).toThrow("test/web: appConfigParameterPath must be an SSM path like /phi-stack/phi-us-east-1/config");
    expect(build({ appConfigParameterPath: 'phi-stack/config' })).toThrow("test/web: appConfigParameterPath must be an SSM path like /phi-stack/phi-us-east-1/config");
    expect(build({ appConfigParameterPath: '/aws/service/config' })).toThrow("test/web: appConfigParameterPath must not begin with /aws or /ssm (got '/aws/service/config'): SSM reserves those prefixes");
    const deep = Array.from({ length: 15 }, (_, i) => `/l${i}`).join('');
    expect(build({ appConfigParameterPath: deep })).toThrow(
      `test/web: appConfigParameterPath must have at most 14 levels (got 15 in '${deep}'): the parameters under it add one more and SSM allows 15`,
    );
    expect(build({ appConfigParameterPath: `/${'a'.repeat(960)}` })).toThrow(
      'test/web: appConfigParameterPath is too long (got 961 characters): with its ARN prefix and a parameter name it must fit in the 1011 characters SSM allows; use a shorter path',
    );
  });

  it('requires a resource id and a single, literal user name for IAM database auth', () => {
    expect(build({ iamDatabaseAuthResourceIds: ['db-ABC123'] })).toThrow(
      'test/web: iamDatabaseAuthResourceIds needs iamDatabaseAuthUserName (got no user name): rds-db:connect is granted for one database user, never for all',
    );
    expect(build({ iamDatabaseAuthUserName: 'app_user' })).toThrow(
      "test/web: iamDatabaseAuthUserName needs iamDatabaseAuthResourceIds (got user 'app_user' and no resource id): pass the DbiResourceId of each instance the app connects to, e.g. database.primary.resourceId",
    );
    expect(build({ iamDatabaseAuthResourceIds: ['phi-prod-use1'], iamDatabaseAuthUserName: 'app_user' })).toThrow(
      "test/web: iamDatabaseAuthResourceIds[0] must be an RDS DbiResourceId like db-ABCDEFGHIJKLMNOPQRSTUVWXY1 (got 'phi-prod-use1'): IAM authentication is granted per instance resource id, not per identifier",
    );
    expect(build({ iamDatabaseAuthResourceIds: ['db-ABC123'], iamDatabaseAuthUserName: '*' })).toThrow(
      "test/web: iamDatabaseAuthUserName must be a MySQL user name of 1-32 letters, digits or underscores (got '*'): it ends the rds-db:connect resource ARN, where a wildcard would admit every user",
    );
  });
});

describe('AlbAsg app egress (allowAppEgressTo)', () => {
  function synthWith(add: (web: AlbAsg) => void): { web: AlbAsg; json: Json } {
    const stack = new TerraformStack(Testing.app(), 'test');
    const web = new AlbAsg(stack, 'web', BASE);
    add(web);
    return { web, json: JSON.parse(Testing.synth(stack)) };
  }

  it('allows only HTTPS out by default: Terraform removes the default allow-all egress', () => {
    const { json } = synthWith(() => undefined);
    const appSg = ref(json, 'aws_security_group', 'web_app-sg', 'id');
    const egress = resources(json, 'aws_vpc_security_group_egress_rule').filter((r) => r.security_group_id === appSg);
    expect(egress.map((r) => [r.from_port, r.to_port, r.cidr_ipv4])).toEqual([[443, 443, '0.0.0.0/0']]);
  });

  it('adds a TCP egress rule to the referenced group under app-out-<id>, keeping HTTPS', () => {
    const { web, json } = synthWith((w) => {
      w.allowAppEgressTo('mysql', 'sg-0123456789abcdef0', 3306, 'MySQL to the database');
      w.allowAppEgressTo('redis', 'sg-0fedcba9876543210', 6379);
    });
    const appSg = ref(json, 'aws_security_group', 'web_app-sg', 'id');
    expect(one(json, 'aws_vpc_security_group_egress_rule', 'web_app-out-mysql')).toEqual({
      security_group_id: appSg,
      description: 'MySQL to the database',
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
      referenced_security_group_id: 'sg-0123456789abcdef0',
    });
    expect(one(json, 'aws_vpc_security_group_egress_rule', 'web_app-out-redis')).toEqual(
      expect.objectContaining({ security_group_id: appSg, description: 'TCP 6379 to redis', from_port: 6379, to_port: 6379, referenced_security_group_id: 'sg-0fedcba9876543210' }),
    );
    expect(one(json, 'aws_vpc_security_group_egress_rule', 'web_app-out-https').cidr_ipv4).toBe('0.0.0.0/0');
    // The handles the flow declarations use.
    expect([web.appSecurityGroup.terraformResourceType, web.albSecurityGroup.terraformResourceType, web.autoscalingGroup.terraformResourceType]).toEqual([
      'aws_security_group',
      'aws_security_group',
      'aws_autoscaling_group',
    ]);
    expect(web.appPort).toBe(443);
  });

  it('rejects a bad id, port or group id', () => {
    const web = new AlbAsg(new TerraformStack(new App(), 'test'), 'web', BASE);
    expect(() => web.allowAppEgressTo('MySQL', 'sg-0123456789abcdef0', 3306)).toThrow(
      "test/web: allowAppEgressTo id must be 1-41 lowercase letters, digits or hyphens (got 'MySQL'): it becomes the construct id app-out-MySQL",
    );
    expect(() => web.allowAppEgressTo('mysql', 'sg-0123456789abcdef0', 0)).toThrow('test/web: allowAppEgressTo port must be an integer between 1 and 65535 (got 0)');
    expect(() => web.allowAppEgressTo('mysql', '10.0.0.0/16', 3306)).toThrow(
      "test/web: allowAppEgressTo securityGroupId must be a security group id like sg-0123456789abcdef0 or a reference to one (got '10.0.0.0/16')",
    );
  });
});

describe('AlbAsg web ACL opt-out', () => {
  const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e';

  it('associates a given web ACL with the ALB and tags no opt-out', () => {
    const json = synthWeb({ webAclArn });
    expect(one(json, 'aws_wafv2_web_acl_association', 'web_waf')).toEqual({ resource_arn: ref(json, 'aws_lb', 'web_alb', 'arn'), web_acl_arn: webAclArn });
    expect(one(json, 'aws_lb', 'web_alb').tags['phi-stack:opt-out:waf']).toBeUndefined();
  });

  it('records an ALB without a web ACL in the phi-stack:opt-out:waf tag', () => {
    const json = synthWeb({ webAclDisabledReason: ' internal admin tier behind the corporate VPN ' });
    expect(resources(json, 'aws_wafv2_web_acl_association')).toHaveLength(0);
    expect(one(json, 'aws_lb', 'web_alb').tags['phi-stack:opt-out:waf']).toBe('internal admin tier behind the corporate VPN');
  });

  it('rejects a blank reason and a reason next to a web ACL', () => {
    expect(build({ webAclDisabledReason: ' ' })).toThrow('test/web: webAclDisabledReason must state the reason in at least 10 characters (got " ", 0)');
    expect(build({ webAclArn, webAclDisabledReason: 'x' })).toThrow('test/web: webAclArn and webAclDisabledReason are exclusive (got both)');
  });
});
