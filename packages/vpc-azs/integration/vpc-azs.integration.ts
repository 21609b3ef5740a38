// The vpc-azs example on the moto emulator: applied, checked (vpc-azs.checks.ts), re-planned, destroyed.
import { App } from 'cdktf';
import { describeEmulatorStack } from '@phi-stack/emulator';
import { VpcAzsExample } from '../examples/three-az-vpc';
import { REGION, vpcAzsChecks } from './vpc-azs.checks';

describeEmulatorStack(
  'vpc-azs example',
  {
    region: REGION,
    build: (app: App) => {
      new VpcAzsExample(app, 'vpc-azs-example', { region: REGION });
    },
  },
  (ctx) => vpcAzsChecks(ctx, { endpointPolicyKeepsVersion: true }),
);
