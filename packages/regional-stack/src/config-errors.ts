import type { RegionConfig } from './region-config';
import { RegionConfigError } from './region-config';

/**
 * Which `region.json` field feeds which construct prop, by the id of the module construct under
 * the regional stack. A construct error about one of these props is a `region.json` error.
 */
export const REGION_FIELD_OF_PROP: Readonly<Record<string, Readonly<Record<string, keyof RegionConfig>>>> = {
  network: { cidrBlock: 'cidrBlock', natGateways: 'natGateways', availabilityZones: 'azCount', azCount: 'azCount' },
  images: { bucketPrefix: 'imagesBucketPrefix', certificateArn: 'cdnCertificateArn', domainNames: 'domainName', publicKeyPem: 'cdnPublicKeyPem', corsAllowedOrigins: 'domainName' },
  web: {
    certificateArn: 'albCertificateArn',
    instanceType: 'webInstanceType',
    minCapacity: 'webMinCapacity',
    maxCapacity: 'webMaxCapacity',
    desiredCapacity: 'webDesiredCapacity',
    cpuTargetPercent: 'webCpuTargetPercent',
    cpuCredits: 'webCpuCredits',
    requestCountPerTargetTarget: 'webRequestCountPerTarget',
    predictiveScaling: 'webPredictiveScaling',
    scheduleTimeZone: 'schedule',
    peakWindows: 'schedule',
    scheduleYears: 'schedule',
    scheduleHoldTime: 'schedule',
    imageId: 'webAmiId',
    amiSsmParameterName: 'webAmiSsmParameter',
  },
  database: { instanceClass: 'dbInstanceClass', replicaInstanceClass: 'dbInstanceClass', allocatedStorageGiB: 'dbAllocatedStorageGiB', maxAllocatedStorageGiB: 'dbMaxAllocatedStorageGiB', readReplicaCount: 'dbReadReplicaCount' },
  cache: { nodeType: 'cacheNodeType', replicasPerNodeGroup: 'cacheReplicasPerNodeGroup' },
};

/**
 * The `region.json` error behind a construct error, or undefined when the error is not about a
 * prop that comes from `region.json`. Construct errors read `<path>: <message>`, the message
 * naming the prop (aws-cdk style); the result names the field and the file first, then the
 * construct's own words.
 */
export function regionConfigErrorOf(err: unknown, stackPath: string, file: string): RegionConfigError | undefined {
  if (!(err instanceof Error) || err instanceof RegionConfigError) return undefined;
  const m = /^(\S+): ([\s\S]*)$/.exec(err.message);
  if (!m || !m[1].startsWith(`${stackPath}/`)) return undefined;
  const [constructPath, message] = [m[1], m[2]];
  const moduleId = constructPath.slice(stackPath.length + 1).split('/')[0];
  const fields = REGION_FIELD_OF_PROP[moduleId];
  if (!fields) return undefined;
  // The prop the message starts with, else the first one it names.
  const leading = /^([A-Za-z]+)/.exec(message)?.[1];
  const prop =
    leading !== undefined && leading in fields
      ? leading
      : Object.keys(fields)
          .map((p) => ({ p, at: message.search(new RegExp(`\\b${p}\\b`)) }))
          .filter((x) => x.at >= 0)
          .sort((a, b) => a.at - b.at)[0]?.p;
  if (prop === undefined) return undefined;
  const field = fields[prop];
  return new RegionConfigError(file, [`${field}: ${message} (raised by ${constructPath}, whose ${prop} is ${field} of ${file})`]);
}
