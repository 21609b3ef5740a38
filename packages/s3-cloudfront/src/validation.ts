// Validation of the props of the patient-image bucket and distribution: every check runs before
// the first resource exists, every problem is collected (Problems) and thrown at once, and the
// settings (props after defaults) the resource families read are returned.
import { describePhi, findPhi, kmsKeyProblem, OPT_OUT_TAG_PREFIX, OPT_OUTS, OptOut, optOutReasonProblem, Problems } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { CloudFrontPriceClass, GeoRestrictionType, S3CloudFrontProps } from './props';

const BUCKET_PREFIX = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const HTTPS_ORIGIN = /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;
const DOMAIN_NAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;
const WAF_ARN = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:(global|regional)\/webacl\/[A-Za-z0-9_-]+\/[0-9a-f-]{36}$/;
const PEM_PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----$/;

/** The props of the S3CloudFront after validation and defaults, as the resource families read them. */
export interface S3CloudFrontSettings {
  /** `bucketPrefix`, checked. */
  readonly prefix: string;
  readonly corsOrigins: string[];
  readonly transitionToIaDays: number;
  readonly noncurrentDays: number;
  readonly logRetentionDays: number;
  /** `tags`, checked. */
  readonly tags: Record<string, string>;
  /** The opt-out tag of the default certificate, if any. */
  readonly certificateTags: Record<string, string>;
  /** The opt-out tag of `forceDestroy` on both buckets, if any. */
  readonly bucketTags: Record<string, string>;
  readonly domainNames: string[];
  /** `publicKeyPem`, normalized. */
  readonly publicKeyPem: string;
  /** The opt-out tag of the missing web ACL, if any. */
  readonly webAclTags: Record<string, string>;
  readonly geoLocations: string[];
  readonly priceClass: CloudFrontPriceClass;
}

/**
 * Validates `props` of the S3CloudFront at `path` and throws one Error naming every problem
 * (`<path>: <problem>`, or `<path>: <n> problems:` and a line each). Each prop (or pair of
 * exclusive props) is checked once: a value that fails one check is not checked further.
 */
export function validateS3CloudFront(path: string, props: S3CloudFrontProps): S3CloudFrontSettings {
  const problems = new Problems(path);
  problems.add(kmsKeyProblem('kmsKey', props.kmsKey));
  const denyList = validateDenyList(problems, props.phiDenyList);
  const prefix = validateBucketPrefix(problems, props.bucketPrefix, denyList);
  const corsOrigins = validateCorsOrigins(problems, props.corsAllowedOrigins);
  const transitionToIaDays = validateDays(problems, 'transitionToIaDays', props.transitionToIaDays, 30, 30, 36500, 'S3 moves objects to STANDARD_IA no earlier than 30 days after creation');
  const noncurrentDays = validateDays(problems, 'noncurrentVersionExpirationDays', props.noncurrentVersionExpirationDays, 90, 1, 36500, 'use a whole number of days');
  const logRetentionDays = validateDays(problems, 'logRetentionDays', props.logRetentionDays, 2192, 90, 36500, 'HIPAA audit trails should outlive a quarterly review; keep at least 90 days');
  const tags = validateTags(problems, props.tags, denyList);
  const certificateTags = validateCertificate(problems, props, denyList);
  const bucketTags = validateForceDestroy(problems, props, denyList);
  const domainNames = validateDomainNames(problems, props.domainNames, props.useDefaultCertificate === true, denyList);
  const publicKeyPem = validatePublicKey(problems, props.publicKeyPem);
  const webAclTags = validateWebAcl(problems, props, denyList);
  const geoLocations = validateGeo(problems, props.geoRestrictionLocations, props.geoRestrictionType);
  const priceClass = props.priceClass ?? 'PriceClass_All';
  if (!['PriceClass_100', 'PriceClass_200', 'PriceClass_All'].includes(priceClass)) {
    problems.add(`priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All (got '${String(priceClass)}')`);
  }
  problems.throwIfAny();
  return {
    prefix,
    corsOrigins,
    transitionToIaDays,
    noncurrentDays,
    logRetentionDays,
    tags,
    certificateTags,
    bucketTags,
    domainNames,
    publicKeyPem,
    webAclTags,
    geoLocations,
    priceClass,
  };
}

/**
 * Records a problem if `value` holds PHI-like content; the message names the kinds and offsets,
 * never the match. Returns whether the value is clean: the checks that echo a value run only then.
 */
function checkNoPhi(problems: Problems, prop: string, value: string, denyList: readonly string[], wayOut: string): boolean {
  if (Token.isUnresolved(value)) return true;
  const matches = findPhi(value, denyList);
  if (matches.length > 0) {
    problems.add(`${prop} must not contain PHI-like content (got ${describePhi(matches)}; the value is not repeated here): ${wayOut}`);
    return false;
  }
  return true;
}

function validateDenyList(problems: Problems, denyList: string[] | undefined): string[] {
  const terms = denyList ?? [];
  terms.forEach((term, i) => {
    if (term.trim().length < 3) {
      problems.add(`phiDenyList[${i}] must have at least 3 non-blank characters (got '${term}'): shorter terms would match inside ordinary words`);
    }
  });
  return terms;
}

function validateBucketPrefix(problems: Problems, prefix: string, denyList: readonly string[]): string {
  if (Token.isUnresolved(prefix)) {
    problems.add(`bucketPrefix must be a literal string (got an unresolved token): it names resources and is checked for PHI at synth time`);
    return prefix;
  }
  if (!checkNoPhi(problems, 'bucketPrefix', prefix, denyList, 'bucket names appear in URLs, logs and bills; use a neutral prefix such as acme-prod')) return prefix;
  if (prefix.length < 3 || prefix.length > 29 || !BUCKET_PREFIX.test(prefix) || prefix.includes('--') || prefix.startsWith('xn--')) {
    problems.add(`bucketPrefix must be 3-29 lowercase letters, digits or single hyphens, starting and ending with a letter or digit (got '${prefix}'): Terraform appends a 26-character suffix and S3 names stop at 63`);
  }
  return prefix;
}

function validateCorsOrigins(problems: Problems, origins: string[] | undefined): string[] {
  for (const origin of origins ?? []) {
    if (Token.isUnresolved(origin)) continue;
    if (origin.includes('*')) {
      problems.add(`corsAllowedOrigins must list explicit origins (got '${origin}'): a wildcard would let any site upload to the image bucket; list each application origin such as https://app.example.com`);
    } else if (!HTTPS_ORIGIN.test(origin)) {
      problems.add(`corsAllowedOrigins entries must be https origins without path, like https://app.example.com (got '${origin}'): uploads of PHI must use TLS`);
    }
  }
  return origins ?? [];
}

function validateDays(problems: Problems, prop: string, value: number | undefined, fallback: number, min: number, max: number, wayOut: string): number {
  if (value === undefined) return fallback;
  if (Token.isUnresolved(value)) return value;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.add(`${prop} must be a whole number between ${min} and ${max} (got ${value}): ${wayOut}`);
  }
  return value;
}

function validateTags(problems: Problems, tags: Record<string, string> | undefined, denyList: readonly string[]): Record<string, string> {
  for (const [key, value] of Object.entries(tags ?? {})) {
    // A key with PHI-like content is not repeated in the messages of its value or prefix.
    if (!checkNoPhi(problems, 'tag keys', key, denyList, 'tags are readable by anyone with tagging or billing access; use role or system names')) continue;
    checkNoPhi(problems, `tags['${key}']`, value, denyList, 'tags are readable by anyone with tagging or billing access; use role or system names');
    if (key.startsWith(OPT_OUT_TAG_PREFIX)) {
      problems.add(`tags must not set '${key}' (got it in tags): opt-out tags are written by the construct from the matching ...Reason prop`);
    }
  }
  return { ...(tags ?? {}) };
}

/**
 * Validates the reason of an opt-out under the one reason rule (`optOutReasonProblem`), and for PHI,
 * and returns its tag. A missing reason keeps this module's wording, which its callers already know.
 */
function validateReason(problems: Problems, prop: string, value: string | undefined, optOut: string, entry: OptOut, denyList: readonly string[]): Record<string, string> {
  if (value === undefined) {
    problems.add(`${prop} is required when ${optOut} (got undefined): state why the opt-out is acceptable; it is recorded in the tag ${entry.tagKey}`);
    return {};
  }
  // The reason rule's messages repeat the reason: checked on a reason without PHI-like content only.
  if (checkNoPhi(problems, prop, value, denyList, 'the reason is stored in a tag; describe the situation without patient data')) {
    problems.add(optOutReasonProblem(true, prop, value, optOut, entry));
  }
  return { [entry.tagKey]: value.trim() };
}

function validateForceDestroy(problems: Problems, props: S3CloudFrontProps, denyList: readonly string[]): Record<string, string> {
  if (props.forceDestroy === true) {
    return validateReason(problems, 'forceDestroyReason', props.forceDestroyReason, 'forceDestroy is true', OPT_OUTS.forceDestroy, denyList);
  }
  if (props.forceDestroyReason !== undefined) {
    problems.add(`forceDestroyReason is only valid with forceDestroy: true (got a reason without the opt-out): remove it, or set forceDestroy`);
  }
  return {};
}

function validateCertificate(problems: Problems, props: S3CloudFrontProps, denyList: readonly string[]): Record<string, string> {
  if (props.useDefaultCertificate) {
    if (props.certificateArn !== undefined) {
      problems.add(`certificateArn and useDefaultCertificate are exclusive (got both): drop useDefaultCertificate to serve ${props.certificateArn}`);
      return {};
    }
    return validateReason(problems, 'defaultCertificateReason', props.defaultCertificateReason, 'useDefaultCertificate is true', OPT_OUTS.viewerCertificate, denyList);
  }
  if (props.defaultCertificateReason !== undefined) {
    problems.add(`defaultCertificateReason is only valid with useDefaultCertificate: true (got a reason without the opt-out): remove it, or set useDefaultCertificate`);
  }
  if (props.certificateArn === undefined) {
    problems.add(`certificateArn is required (got undefined): pass an ACM certificate in us-east-1, or set useDefaultCertificate: true with defaultCertificateReason`);
  } else if (!Token.isUnresolved(props.certificateArn)) {
    const m = ACM_ARN.exec(props.certificateArn);
    if (!m) {
      problems.add(`certificateArn must be an ACM certificate ARN (got '${props.certificateArn}'): e.g. arn:aws:acm:us-east-1:123456789012:certificate/<uuid>`);
    } else if (m[1] !== 'us-east-1') {
      problems.add(`certificateArn must be in us-east-1 (got a certificate in ${m[1]}): CloudFront only serves ACM certificates from us-east-1; request or import one there`);
    }
  }
  return {};
}

function validateDomainNames(problems: Problems, domainNames: string[] | undefined, defaultCertificate: boolean, denyList: readonly string[]): string[] {
  const names = domainNames ?? [];
  if (names.length > 0 && defaultCertificate) {
    problems.add(`domainNames need a certificateArn (got ${names.length} domain names with useDefaultCertificate): the *.cloudfront.net certificate cannot serve them`);
    return names;
  }
  for (const name of names) {
    if (Token.isUnresolved(name)) continue;
    if (!checkNoPhi(problems, 'domainNames', name, denyList, 'domain names are public in DNS and certificate transparency logs')) continue;
    if (!DOMAIN_NAME.test(name)) {
      problems.add(`domainNames entries must be lowercase DNS names like images.example.com (got '${name}')`);
    }
  }
  return names;
}

function validatePublicKey(problems: Problems, pem: string): string {
  if (Token.isUnresolved(pem)) return pem;
  const normalized = pem.replace(/\r\n/g, '\n').trim();
  if (!PEM_PUBLIC_KEY.test(normalized)) {
    // Only a PEM header is echoed: the value may be a private key pasted by mistake.
    const header = normalized.split('\n')[0];
    const got = /^-----[A-Z ]+-----$/.test(header) ? `'${header}'` : 'no PEM header';
    problems.add(`publicKeyPem must be a PEM public key starting with -----BEGIN PUBLIC KEY----- (got ${got}): export it with 'openssl rsa -pubout -in signer.pem'`);
  }
  // CloudFront returns the key with a trailing newline; storing it the same way keeps plans clean.
  return `${normalized}\n`;
}

function validateWebAcl(problems: Problems, props: S3CloudFrontProps, denyList: readonly string[]): Record<string, string> {
  const arn = props.webAclArn;
  if (props.webAclDisabledReason !== undefined) {
    if (arn !== undefined) {
      problems.add(`webAclArn and webAclDisabledReason are exclusive (got both): drop webAclDisabledReason to attach the web ACL`);
      return {};
    }
    return validateReason(problems, 'webAclDisabledReason', props.webAclDisabledReason, 'the distribution has no web ACL', OPT_OUTS.waf, denyList);
  }
  if (arn === undefined || Token.isUnresolved(arn)) return {};
  const m = WAF_ARN.exec(arn);
  if (!m || m[1] !== 'us-east-1' || m[2] !== 'global') {
    problems.add(`webAclArn must be a WAFv2 web ACL with scope CLOUDFRONT, i.e. arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id> (got '${arn}'): create the web ACL in us-east-1 with scope CLOUDFRONT`);
  }
  return {};
}

function validateGeo(problems: Problems, locations: string[] | undefined, type: GeoRestrictionType | undefined): string[] {
  if (type !== undefined && !['whitelist', 'blacklist'].includes(type)) {
    problems.add(`geoRestrictionType must be 'whitelist' or 'blacklist' (got '${String(type)}')`);
  } else if (type !== undefined && (locations ?? []).length === 0) {
    problems.add(`geoRestrictionType needs geoRestrictionLocations (got '${type}' with no locations): list ISO 3166-1 alpha-2 codes such as US`);
  }
  for (const code of locations ?? []) {
    if (!/^[A-Z]{2}$/.test(code)) {
      problems.add(`geoRestrictionLocations entries must be ISO 3166-1 alpha-2 codes in upper case (got '${code}'): e.g. US, CA, DE`);
    }
  }
  return locations ?? [];
}
