import { AwsTarget } from '@phi-stack/aws-target';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RegionalAlarms } from '../src';

export interface RegionalAlarmsExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
}

/**
 * The alarms of a region whose modules live in another stack: the monitored resources by their
 * plain ids (a load balancer, its target group, an Auto Scaling group, a primary with two read
 * replicas, a three-node Redis replication group). Used by the unit tests.
 */
export class RegionalAlarmsExample extends TerraformStack {
  public readonly alarms: RegionalAlarms;

  constructor(scope: Construct, id: string, props: RegionalAlarmsExampleProps = {}) {
    super(scope, id);
    new AwsTarget(this, 'target', { region: props.region ?? 'us-east-1' });

    this.alarms = new RegionalAlarms(this, 'alarms', {
      name: 'phi-example-use1',
      loadBalancerArnSuffix: 'app/phi-example-use1/50dc6c495c0c9188',
      targetGroupArnSuffix: 'targetgroup/phi-example-use1/73e2d6bc24d8a067',
      autoScalingGroupName: 'phi-example-use1-web',
      primaryInstanceIdentifier: 'phi-example-use1',
      replicaInstanceIdentifiers: ['phi-example-use1-replica-1', 'phi-example-use1-replica-2'],
      replicationGroupId: 'phi-example-use1',
      cacheNodeCount: 3,
      // A busier web tier than the defaults assume: 5xx alarms at 25 per 5 minutes.
      elb5xxCountThreshold: 25,
      target5xxCountThreshold: 25,
      tags: { Example: 'regional-alarms' },
    });

    new TerraformOutput(this, 'topicArn', { value: this.alarms.topicArn });
    new TerraformOutput(this, 'kmsKeyArn', { value: this.alarms.kmsKeyArn });
    new TerraformOutput(this, 'dashboardName', { value: this.alarms.dashboardName });
    new TerraformOutput(this, 'alarmNames', { value: this.alarms.alarmNames });
  }
}
