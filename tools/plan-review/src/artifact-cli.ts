/**
 * plan-artifact: encrypts a saved plan for upload, and verifies and decrypts it before apply.
 *
 *   plan-artifact pack   --work .terraform-work/aws/<stack> --out <dir> --stack <stack> --kms-key-id <key> [--commit SHA]
 *   plan-artifact unpack --artifact <dir> --work .terraform-work/aws/<stack> --stack <stack> --expect-sha256 <digest>
 *
 * `pack` prints the artifact's digest (`plan artifact sha256: <hex>`); the workflows put it into the
 * review that is approved, and `unpack` refuses every artifact but that one. See src/artifact.ts.
 * AWS credentials and region come from the default chain; `--endpoint` (or AWS_ENDPOINT_URL_KMS)
 * points at an emulator.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DataKeyService, packPlan, PlanArtifactError, unpackPlan } from './artifact';

export const USAGE = [
  'usage: plan-artifact pack   --work DIR --out DIR --stack NAME --kms-key-id KEY [--commit SHA] [--region R] [--endpoint URL]',
  '       plan-artifact unpack --artifact DIR --work DIR --stack NAME --expect-sha256 HEX [--region R] [--endpoint URL]',
].join('\n');

/** KMS as the artifact's key service: AES_256 data keys bound to an encryption context. */
export function kmsDataKeys(client: KMSClient): DataKeyService {
  return {
    async generateDataKey(keyId, context) {
      const r = await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
      if (!r.Plaintext || !r.CiphertextBlob || !r.KeyId) throw new PlanArtifactError(`KMS GenerateDataKey on ${keyId} returned no key`);
      return { plaintext: r.Plaintext, ciphertext: r.CiphertextBlob, keyArn: r.KeyId };
    },
    async decrypt(ciphertext, context) {
      const r = await client.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { ...context } }));
      if (!r.Plaintext || !r.KeyId) throw new PlanArtifactError('KMS Decrypt returned no key');
      return { plaintext: r.Plaintext, keyArn: r.KeyId };
    },
  };
}

type Flags = Record<string, string>;

function parse(argv: readonly string[]): { command: string; flags: Flags } {
  const [command, ...rest] = argv;
  if (command !== 'pack' && command !== 'unpack') throw new PlanArtifactError(`the first argument must be pack or unpack (got '${command ?? ''}')`);
  const flags: Flags = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new PlanArtifactError(`unexpected argument '${arg}'`);
    const name = m[1] as string;
    const value = m[2] ?? rest[++i];
    if (value === undefined || value === '') throw new PlanArtifactError(`--${name} needs a value`);
    flags[name] = value;
  }
  const allowed = command === 'pack' ? ['work', 'out', 'stack', 'kms-key-id', 'commit', 'region', 'endpoint'] : ['artifact', 'work', 'stack', 'expect-sha256', 'region', 'endpoint'];
  for (const name of Object.keys(flags)) if (!allowed.includes(name)) throw new PlanArtifactError(`${command}: unknown option --${name}`);
  return { command, flags };
}

function need(flags: Flags, name: string, env?: string): string {
  const value = flags[name] ?? (env ? process.env[env] : undefined);
  if (value === undefined || value === '') throw new PlanArtifactError(`--${name} is required${env ? ` (or ${env})` : ''}`);
  return value;
}

export async function main(argv: readonly string[], keys?: DataKeyService): Promise<number> {
  try {
    const { command, flags } = parse(argv);
    const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    const endpoint = flags.endpoint ?? process.env.AWS_ENDPOINT_URL_KMS;
    const service = keys ?? kmsDataKeys(new KMSClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) }));
    if (command === 'pack') {
      const { manifest, digest } = await packPlan({
        workDir: need(flags, 'work'),
        outDir: need(flags, 'out'),
        stack: need(flags, 'stack'),
        commit: need(flags, 'commit', 'GITHUB_SHA'),
        kmsKeyId: need(flags, 'kms-key-id', 'PHI_PLAN_ARTIFACT_KMS_KEY'),
        keys: service,
      });
      process.stdout.write(`plan artifact sha256: ${digest}\n(${manifest.kind} plan of ${manifest.stack} at ${manifest.commit}, configuration sha256 ${manifest.configSha256})\n`);
    } else {
      const m = await unpackPlan({
        artifactDir: need(flags, 'artifact'),
        workDir: need(flags, 'work'),
        stack: need(flags, 'stack'),
        expectedDigest: need(flags, 'expect-sha256'),
        keys: service,
      });
      process.stdout.write(`plan artifact verified: ${m.kind} plan of ${m.stack} at ${m.commit}, configuration sha256 ${m.configSha256}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof PlanArtifactError) {
      process.stderr.write(`plan-artifact: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
}
