// The launch template of the instances: the AMI (pinned, or read from SSM), IMDSv2 only, no public
// address, the instances' security group, an encrypted gp3 root volume and the user data.
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { IKmsKey } from '@phi-stack/constructs-core';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AlbAsgContext } from './context';
import { DEFAULT_AMI_PARAMETER } from './props';

/** What the launch template refers to. */
export interface LaunchTemplateDeps {
  readonly appSecurityGroup: SecurityGroup;
  readonly instanceProfile: IamInstanceProfile;
  /** The key of the root volumes. */
  readonly kmsKey: IKmsKey;
}

/** The launch template of the instances at `scope`. */
export function createLaunchTemplate(scope: Construct, ctx: AlbAsgContext, deps: LaunchTemplateDeps): LaunchTemplate {
  const { props, tags } = ctx;
  const { name, instanceType, rootVolumeSizeGiB, cpuCredits } = ctx.settings;
  let imageId = props.imageId;
  // Following the parameter rolls the fleet on every AMI published to it: opt-in only.
  const followAmiParameter = imageId === undefined && (props.amiAutoUpdate ?? false);
  if (imageId === undefined) {
    const param = new DataAwsSsmParameter(scope, 'ami', { name: props.amiSsmParameterName ?? DEFAULT_AMI_PARAMETER });
    // The parameter is a public AMI id, not a secret: unwrap the provider's sensitive marking.
    imageId = Fn.nonsensitive(param.value);
  }
  return new LaunchTemplate(scope, 'lt', {
    name: `${name}-app`,
    description: `Instances of ${name}`,
    imageId,
    instanceType,
    // Burstable types: the credit option is a decision, not an account default.
    creditSpecification: cpuCredits !== undefined ? { cpuCredits } : undefined,
    // The AMI read from SSM is kept after creation unless amiAutoUpdate asks to follow it.
    lifecycle: props.imageId === undefined && !followAmiParameter ? { ignoreChanges: ['image_id'] } : undefined,
    updateDefaultVersion: true,
    iamInstanceProfile: { arn: deps.instanceProfile.arn },
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
    monitoring: { enabled: props.detailedMonitoring ?? true },
    networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: 'false', securityGroups: [deps.appSecurityGroup.id], deleteOnTermination: 'true' }],
    blockDeviceMappings: [
      {
        deviceName: props.rootDeviceName ?? '/dev/xvda',
        ebs: { volumeType: 'gp3', volumeSize: rootVolumeSizeGiB, encrypted: 'true', kmsKeyId: deps.kmsKey.arn, deleteOnTermination: 'true' },
      },
    ],
    userData: encodeUserData(props.userData),
    tagSpecifications: [
      { resourceType: 'instance', tags: tags(`${name}-app`) },
      { resourceType: 'volume', tags: tags(`${name}-app`) },
    ],
    tags: tags(`${name}-app`),
  });
}

/**
 * Base64 of the user data. Literal scripts are encoded here, so that `${...}` and quotes in a
 * shell script never reach Terraform's template syntax; tokens are encoded by Terraform.
 */
function encodeUserData(userData: string | undefined): string | undefined {
  if (userData === undefined) return undefined;
  return Token.isUnresolved(userData) ? Fn.base64encode(userData) : Buffer.from(userData, 'utf8').toString('base64');
}
