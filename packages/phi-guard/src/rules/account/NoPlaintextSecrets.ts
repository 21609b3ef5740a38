import { COMPLIANT, defineRule, nonCompliant, NOT_APPLICABLE } from '../../rule';
import { isExpression, isSet, isTrue, SynthResource } from '../../synthesized';

/** Attribute names that hold credentials. */
const SECRET_KEY = /(^|_)(password|passwd|secret|secret_key|access_key|secret_access_key|auth_token|token|api_key|private_key|client_secret|secret_string|secret_binary|credentials?)$/i;

/** Environment-style keys (e.g. in a Lambda or ECS environment map). */
const SECRET_ENV_KEY = /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)$/;

function findSecrets(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => findSecrets(v, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (typeof v === 'string' && v !== '' && !isExpression(v) && !v.startsWith('arn:') && (SECRET_KEY.test(key) || SECRET_ENV_KEY.test(key))) out.push(at);
      else findSecrets(v, at, out);
    }
  }
}

/**
 * The `local` deploy target points every endpoint at the emulator with its documented dummy
 * credentials; those are not secrets and never reach AWS.
 */
function isEmulatorProvider(r: SynthResource): boolean {
  return r.kind === 'provider' && isSet(r.config.endpoints) && isTrue(r.config.skip_credentials_validation);
}

export const NoPlaintextSecrets = defineRule({
  id: 'PHI-ACCT-3',
  name: 'NoPlaintextSecrets',
  level: 'error',
  description: 'No password, token or key is a literal anywhere in the stack: literals end up in state, plans and CI logs.',
  control: '§164.312(d)',
  anchors: { cdkNag: 'CodeBuildProjectEnvVarAwsCred', checkov: 'CKV_AWS_41' },
  check(r) {
    if (isEmulatorProvider(r)) return NOT_APPLICABLE;
    const found: string[] = [];
    findSecrets(r.config, '', found);
    return found.length === 0
      ? COMPLIANT
      : nonCompliant(`${found.join(', ')} ${found.length === 1 ? 'is a' : 'are'} literal secret${found.length === 1 ? '' : 's'}`, 'generate the value (random_password, manage_master_user_password) and keep it in Secrets Manager or SSM SecureString, referenced by ARN');
  },
});
