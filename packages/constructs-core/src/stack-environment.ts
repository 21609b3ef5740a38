import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';

/**
 * The partition, account and region a stack deploys into, read once per stack. Every module that
 * builds an ARN, a service principal or an `aws:SourceAccount` condition takes them from here,
 * the way aws-cdk's `Stack.of(this).account` works, instead of declaring its own data sources.
 */
export interface StackEnvironment {
  /** `data.aws_partition`: `.partition` (aws, aws-cn, aws-us-gov), `.dnsSuffix`. */
  readonly partition: DataAwsPartition;
  /** `data.aws_caller_identity`: `.accountId`. */
  readonly callerIdentity: DataAwsCallerIdentity;
  /** `data.aws_region` of the stack's default provider: `.name`. */
  readonly region: DataAwsRegion;
}

/** Id of the construct, directly under the stack, that holds the three data sources. */
export const STACK_ENVIRONMENT_ID = 'phi-stack-environment';

class StackEnvironmentConstruct extends Construct implements StackEnvironment {
  public readonly partition: DataAwsPartition;
  public readonly callerIdentity: DataAwsCallerIdentity;
  public readonly region: DataAwsRegion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.partition = new DataAwsPartition(this, 'partition');
    this.callerIdentity = new DataAwsCallerIdentity(this, 'account');
    this.region = new DataAwsRegion(this, 'region');
  }
}

/**
 * The environment of the stack that holds `scope`: created on the first call, shared by every
 * later call in the same stack. Throws, in aws-cdk's style, when `scope` is in no stack.
 */
export function stackEnvironment(scope: IConstruct): StackEnvironment {
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    throw new Error(`${scope.node.path}: stackEnvironment needs a construct inside a TerraformStack; create the construct in a stack`);
  }
  const existing = stack.node.tryFindChild(STACK_ENVIRONMENT_ID);
  if (existing instanceof StackEnvironmentConstruct) return existing;
  if (existing) throw new Error(`${stack.node.path}: the id '${STACK_ENVIRONMENT_ID}' is reserved for the stack environment; rename that construct`);
  return new StackEnvironmentConstruct(stack, STACK_ENVIRONMENT_ID);
}
