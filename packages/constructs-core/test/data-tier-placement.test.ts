import { Token } from 'cdktf';
import { dataTierPlacementProblems, DataTierPlacementProps } from '../src';

const props = (over: Partial<DataTierPlacementProps> = {}): DataTierPlacementProps => ({ vpcId: 'vpc-0123', subnetIds: ['subnet-a', 'subnet-b'], ...over });

describe('dataTierPlacementProblems', () => {
  it('finds none in two subnets with their zones and literal or token group ids', () => {
    expect(dataTierPlacementProblems(props())).toEqual([]);
    expect(dataTierPlacementProblems(props({ subnetAvailabilityZones: ['us-east-1a', 'us-east-1b'], allowedSecurityGroupIds: ['sg-0app', Token.asString({ Ref: 'web' })] }))).toEqual([]);
    expect(dataTierPlacementProblems(props({ subnetIds: Token.asList({ Ref: 'data-subnets' }) }))).toEqual([]);
  });

  it('names fewer than two subnets, bad zones and an unresolved group list, in that order', () => {
    expect(dataTierPlacementProblems(props({ subnetIds: ['subnet-a'], subnetAvailabilityZones: ['us-east-1a', 'us-east-1b'], allowedSecurityGroupIds: Token.asList({ Ref: 'groups' }) }))).toEqual([
      'subnetIds must list at least 2 subnets in different Availability Zones (got 1): pass the data-tier subnets of the VPC',
      'subnetAvailabilityZones must name the Availability Zone of each subnet in subnetIds, in the same order (got 2 zones for 1 subnets)',
      'allowedSecurityGroupIds must be an array known at synth time (got an unresolved list): pass the ids one by one, they may be tokens',
    ]);
  });
});
