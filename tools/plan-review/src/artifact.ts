/**
 * The plan artifact: how a saved plan travels from the job that planned it (and whose review a
 * person approved) to the job that applies it, without anyone being able to read or swap it.
 *
 * `terraform plan -out` writes a plan file that holds every value of the plan in clear text,
 * secrets included, so it may never be uploaded as is. `packPlan` encrypts it with a one-time
 * AES-256-GCM data key from KMS (`GenerateDataKey`, envelope encryption: the plan role may only
 * create data keys, the deploy role alone may `Decrypt` them) and writes a manifest with the
 * digests of the configuration, the plan and the ciphertext. The manifest's own sha256 is the
 * artifact's digest: it is printed into the review that is approved (the pull-request comment, the
 * job summary), and `unpackPlan` refuses any artifact whose manifest does not have exactly that
 * digest, whose ciphertext does not match the manifest, whose data key KMS does not release under
 * the same encryption context (stack, commit, configuration digest), or whose plan does not decrypt
 * to the planned digest. GCM authenticates the manifest's fields as additional data, so a manifest
 * edited to point at another stack fails too.
 *
 * References: AWS KMS GenerateDataKey and encryption context
 * (https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ARTIFACT_FORMAT = 'phi-stack-plan-artifact/1';
export const MANIFEST_FILE = 'manifest.json';
export const CIPHERTEXT_FILE = 'plan.bin.enc';

/** The two KMS calls the artifact needs, so that tests and other key services can stand in. */
export interface DataKeyService {
  /** A fresh 256-bit data key, in clear and encrypted under `keyId`, bound to `context`. */
  generateDataKey(keyId: string, context: Readonly<Record<string, string>>): Promise<{ plaintext: Uint8Array; ciphertext: Uint8Array; keyArn: string }>;
  /** The data key in clear; fails unless `context` is the one it was generated with. */
  decrypt(ciphertext: Uint8Array, context: Readonly<Record<string, string>>): Promise<{ plaintext: Uint8Array; keyArn: string }>;
}

export interface Manifest {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly stack: string;
  /** `apply` or `destroy` (a `terraform plan -destroy`), as plan.sh recorded it. */
  readonly kind: 'apply' | 'destroy';
  /** The commit the plan was made from. */
  readonly commit: string;
  /** sha256 of the synthesized cdk.tf.json that was planned (plan.sha256). */
  readonly configSha256: string;
  /** sha256 of plan.bin. */
  readonly planSha256: string;
  /** sha256 of plan.bin.enc. */
  readonly encryptedSha256: string;
  /** The KMS key (ARN) that encrypted the data key. */
  readonly kmsKeyArn: string;
  readonly encryptedDataKey: string;
  readonly iv: string;
  readonly authTag: string;
}

/** An artifact that must not be applied, or inputs that cannot make one. The message says why and what to do. */
export class PlanArtifactError extends Error {}

const HEX64 = /^[0-9a-f]{64}$/;
const COMMIT = /^[0-9a-f]{7,64}$/;
const STACK = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new PlanArtifactError(`${file}: cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** The encryption context: what KMS binds the data key to. */
function contextOf(m: Pick<Manifest, 'stack' | 'commit' | 'configSha256' | 'kind'>): Record<string, string> {
  return { 'phi-stack:stack': m.stack, 'phi-stack:commit': m.commit, 'phi-stack:config-sha256': m.configSha256, 'phi-stack:kind': m.kind };
}

/** The fields GCM authenticates (everything but the fields GCM itself produces). */
function additionalData(m: Omit<Manifest, 'authTag' | 'encryptedSha256'>): Buffer {
  return Buffer.from(JSON.stringify([m.format, m.stack, m.kind, m.commit, m.configSha256, m.planSha256, m.kmsKeyArn, m.encryptedDataKey, m.iv]));
}

export interface PackOptions {
  /** The stack's working directory, where plan.sh wrote plan.bin, plan.sha256 and plan.kind. */
  readonly workDir: string;
  /** Where the artifact goes: plan.bin.enc and manifest.json (and a copy of plan.md when there is one). */
  readonly outDir: string;
  readonly stack: string;
  readonly commit: string;
  /** The key for the data key: an ARN, id or alias of a symmetric KMS key. */
  readonly kmsKeyId: string;
  readonly keys: DataKeyService;
}

/** Encrypts the saved plan of `workDir` into `outDir`; returns the manifest and its digest (the artifact's digest). */
export async function packPlan(o: PackOptions): Promise<{ manifest: Manifest; digest: string }> {
  if (!STACK.test(o.stack)) throw new PlanArtifactError(`stack must be a stack name like phi-us-east-1 (got '${o.stack}')`);
  if (!COMMIT.test(o.commit)) throw new PlanArtifactError(`commit must be a hexadecimal commit SHA (got '${o.commit}'): pass --commit "$(git rev-parse HEAD)"`);
  if (o.kmsKeyId.trim() === '') throw new PlanArtifactError("kmsKeyId must name a KMS key (an ARN, id or alias/...) (got ''): set the plan-artifact key of the repository");
  const plan = readFile(path.join(o.workDir, 'plan.bin'), 'the saved plan (run the plan target first; a failed plan saves none)');
  const configSha256 = readFile(path.join(o.workDir, 'plan.sha256'), 'the planned configuration digest').toString('utf8').trim();
  if (!HEX64.test(configSha256)) throw new PlanArtifactError(`${path.join(o.workDir, 'plan.sha256')}: not a sha256 (got '${configSha256}'): run the plan target again`);
  const kindText = fs.existsSync(path.join(o.workDir, 'plan.kind')) ? fs.readFileSync(path.join(o.workDir, 'plan.kind'), 'utf8').trim() : 'apply';
  if (kindText !== 'apply' && kindText !== 'destroy') throw new PlanArtifactError(`${path.join(o.workDir, 'plan.kind')}: must be apply or destroy (got '${kindText}')`);
  const kind = kindText;

  const base = { stack: o.stack, commit: o.commit, configSha256, kind } as const;
  const key = await o.keys.generateDataKey(o.kmsKeyId, contextOf(base));
  if (key.plaintext.length !== 32) throw new PlanArtifactError(`KMS returned a data key of ${key.plaintext.length} bytes, expected 32 (AES_256)`);
  const iv = randomBytes(12);
  const partial = {
    format: ARTIFACT_FORMAT,
    ...base,
    planSha256: sha256(plan),
    kmsKeyArn: key.keyArn,
    encryptedDataKey: Buffer.from(key.ciphertext).toString('base64'),
    iv: iv.toString('base64'),
  } as const;
  const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
  cipher.setAAD(additionalData(partial));
  const encrypted = Buffer.concat([cipher.update(plan), cipher.final()]);
  Buffer.from(key.plaintext).fill(0);
  const manifest: Manifest = { ...partial, encryptedSha256: sha256(encrypted), authTag: cipher.getAuthTag().toString('base64') };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;

  fs.mkdirSync(o.outDir, { recursive: true });
  fs.writeFileSync(path.join(o.outDir, CIPHERTEXT_FILE), encrypted);
  fs.writeFileSync(path.join(o.outDir, MANIFEST_FILE), manifestText);
  const review = path.join(o.workDir, 'plan.md');
  if (fs.existsSync(review)) fs.copyFileSync(review, path.join(o.outDir, 'plan.md'));
  return { manifest, digest: sha256(manifestText) };
}

export interface UnpackOptions {
  /** The downloaded artifact: plan.bin.enc and manifest.json. */
  readonly artifactDir: string;
  /** The stack's working directory, where deploy.sh looks for plan.bin, plan.sha256 and plan.kind. */
  readonly workDir: string;
  readonly stack: string;
  /** The artifact digest printed in the review that was approved. */
  readonly expectedDigest: string;
  readonly keys: DataKeyService;
}

function parseManifest(text: string, file: string): Manifest {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new PlanArtifactError(`${file}: not JSON`);
  }
  if (m.format !== ARTIFACT_FORMAT) throw new PlanArtifactError(`${file}: format must be ${ARTIFACT_FORMAT} (got '${String(m.format)}')`);
  for (const k of ['stack', 'kind', 'commit', 'configSha256', 'planSha256', 'encryptedSha256', 'kmsKeyArn', 'encryptedDataKey', 'iv', 'authTag']) {
    if (typeof m[k] !== 'string' || m[k] === '') throw new PlanArtifactError(`${file}: ${k} is missing`);
  }
  return m as unknown as Manifest;
}

/**
 * Verifies the artifact against the approved digest and decrypts the plan into `workDir` as
 * deploy.sh expects it (plan.bin, plan.sha256, plan.kind). Nothing is written unless every check
 * passes. deploy.sh then refuses it, too, if the synthesized configuration is not the planned one.
 */
export async function unpackPlan(o: UnpackOptions): Promise<Manifest> {
  if (!HEX64.test(o.expectedDigest)) {
    throw new PlanArtifactError(`the approved artifact digest must be a sha256 in hex (got '${o.expectedDigest}'): pass the digest printed in the reviewed plan`);
  }
  const manifestFile = path.join(o.artifactDir, MANIFEST_FILE);
  const manifestBytes = readFile(manifestFile, 'the artifact manifest');
  const digest = sha256(manifestBytes);
  if (digest !== o.expectedDigest) {
    throw new PlanArtifactError(
      `${manifestFile}: the artifact's digest is ${digest}, but the reviewed plan names ${o.expectedDigest}: this is not the plan that was approved; plan and review again`,
    );
  }
  const m = parseManifest(manifestBytes.toString('utf8'), manifestFile);
  if (m.stack !== o.stack) throw new PlanArtifactError(`${manifestFile}: the artifact is a plan of ${m.stack}, not of ${o.stack}`);
  const encrypted = readFile(path.join(o.artifactDir, CIPHERTEXT_FILE), 'the encrypted plan');
  if (sha256(encrypted) !== m.encryptedSha256) {
    throw new PlanArtifactError(`${path.join(o.artifactDir, CIPHERTEXT_FILE)}: sha256 ${sha256(encrypted)} is not the manifest's ${m.encryptedSha256}: the encrypted plan was changed or swapped`);
  }
  let key: { plaintext: Uint8Array; keyArn: string };
  try {
    key = await o.keys.decrypt(Buffer.from(m.encryptedDataKey, 'base64'), contextOf(m));
  } catch (err) {
    throw new PlanArtifactError(`KMS refused the artifact's data key for ${m.stack} at ${m.commit} (${(err as Error).name}: ${(err as Error).message}): the key or its encryption context differ from the ones it was made with`);
  }
  if (key.keyArn !== m.kmsKeyArn) throw new PlanArtifactError(`the data key was encrypted under ${key.keyArn}, not under the manifest's ${m.kmsKeyArn}`);
  let plan: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.plaintext, Buffer.from(m.iv, 'base64'));
    decipher.setAAD(additionalData(m));
    decipher.setAuthTag(Buffer.from(m.authTag, 'base64'));
    plan = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  } catch {
    throw new PlanArtifactError(`${manifestFile}: the encrypted plan does not authenticate under its manifest: the artifact was changed`);
  } finally {
    Buffer.from(key.plaintext).fill(0);
  }
  if (sha256(plan) !== m.planSha256) throw new PlanArtifactError(`the decrypted plan's sha256 is ${sha256(plan)}, not the manifest's ${m.planSha256}`);
  fs.mkdirSync(o.workDir, { recursive: true });
  fs.writeFileSync(path.join(o.workDir, 'plan.bin'), plan, { mode: 0o600 });
  fs.writeFileSync(path.join(o.workDir, 'plan.kind'), `${m.kind}\n`);
  // Last, as plan.sh does: a plan without its checksum is treated as missing by deploy.sh.
  fs.writeFileSync(path.join(o.workDir, 'plan.sha256'), `${m.configSha256}\n`);
  return m;
}
