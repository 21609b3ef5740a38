import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { STACK_ENVIRONMENT_ID, stackEnvironment } from '../src';

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
