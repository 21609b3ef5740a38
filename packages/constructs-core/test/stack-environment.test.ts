import { App, TerraformStack, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import { STACK_ENVIRONMENT_ID, stackEnvironment, subnetAvailabilityZonesProblem } from '../src';

describe('stackEnvironment', () => {
  it('declares one partition, caller identity and region per stack, however many constructs ask', () => {
    const stack = new TerraformStack(Testing.app(), 'env');
    const a = stackEnvironment(new Construct(stack, 'a'));
    const b = stackEnvironment(new Construct(new Construct(stack, 'b'), 'deep'));
    expect(b).toBe(a);
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.data).sort()).toEqual(['aws_caller_identity', 'aws_partition', 'aws_region']);
    for (const type of ['aws_caller_identity', 'aws_partition', 'aws_region']) expect(Object.keys(json.data[type])).toHaveLength(1);
    expect(`${a.callerIdentity.accountId}`).toMatch(/^\$\{TfToken/);
  });

  it('gives each stack its own', () => {
    const app = new App();
    const one = stackEnvironment(new TerraformStack(app, 'one'));
    const two = stackEnvironment(new TerraformStack(app, 'two'));
    expect(two).not.toBe(one);
  });

  it('refuses a scope outside any stack and a construct squatting on its id', () => {
    expect(() => stackEnvironment(new Construct(new App(), 'loose'))).toThrow('loose: stackEnvironment needs a construct inside a TerraformStack');
    const stack = new TerraformStack(new App(), 'squat');
    new Construct(stack, STACK_ENVIRONMENT_ID);
    expect(() => stackEnvironment(stack)).toThrow(`squat: the id '${STACK_ENVIRONMENT_ID}' is reserved for the stack environment`);
  });
});

describe('subnetAvailabilityZonesProblem', () => {
  it('accepts zone names of one region, one per subnet, and leaves unresolved values to AWS', () => {
    expect(subnetAvailabilityZonesProblem(['a', 'b'], ['us-gov-west-1a', 'us-gov-west-1b'])).toBeUndefined();
    expect(subnetAvailabilityZonesProblem(['a', 'b'], undefined)).toBeUndefined();
    expect(subnetAvailabilityZonesProblem(['a', 'b'], ['us-east-1a', Token.asString({ Ref: 'x' })])).toBeUndefined();
  });

  it('names the first wrong zone and the rule', () => {
    expect(subnetAvailabilityZonesProblem(['a', 'b'], ['us-east-1', 'us-east-1b'])).toContain("(got 'us-east-1')");
    expect(subnetAvailabilityZonesProblem(['a', 'b'], ['us-east-1a', 'us-west-2a'])).toContain('must all be in one region');
    expect(subnetAvailabilityZonesProblem(['a', 'b'], ['us-east-1a', 'us-east-1a'])).toContain('must span at least 2 Availability Zones');
  });
});
