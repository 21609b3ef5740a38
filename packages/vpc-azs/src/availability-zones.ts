// The Availability Zones of the VPC: `availabilityZones`, or the first `azCount` zones of the
// region that need no opt-in, looked up with `data.aws_availability_zones`.
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { VpcAzsContext } from './context';

/** The zones of the VPC, in subnet order. */
export interface AvailabilityZones {
  /** Zone names (tokens when looked up). */
  readonly azNames: string[];
  /** The label of zone `i` in resource names: its name when known at synth, else `az<i+1>`. */
  readonly azLabel: (i: number) => string;
}

/** The Availability Zones of the VpcAzs at `scope`. */
export function createAvailabilityZones(scope: Construct, ctx: VpcAzsContext): AvailabilityZones {
  const { explicitAzs, azCount } = ctx.settings;
  let azNames: string[];
  if (explicitAzs) {
    azNames = [...explicitAzs];
  } else {
    const zones = new DataAwsAvailabilityZones(scope, 'azs', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    azNames = Array.from({ length: azCount }, (_, i) => Token.asString(Fn.element(zones.names, i)));
  }
  const azLabel = (i: number): string => (explicitAzs && !Token.isUnresolved(explicitAzs[i]) ? explicitAzs[i] : `az${i + 1}`);
  return { azNames, azLabel };
}
