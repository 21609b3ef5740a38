import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CIPHERTEXT_FILE, DataKeyService, MANIFEST_FILE, packPlan, PlanArtifactError, sha256, unpackPlan } from '../src/artifact';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const OTHER_ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555';
const COMMIT = 'a55a0d5c0ffee0000000000000000000000000aa';

/**
 * KMS as far as envelope encryption goes: a data key comes back from Decrypt only under the exact
 * encryption context it was generated with (as AWS documents), and only from the key that made it.
 * The integration suite runs the same code against the emulator's KMS.
 */
function fakeKms(): DataKeyService & { calls: string[] } {
  const made = new Map<string, { plaintext: Buffer; context: string; keyArn: string }>();
  const calls: string[] = [];
  return {
    calls,
    async generateDataKey(keyId, context) {
      calls.push(`generate ${keyId}`);
      const keyArn = keyId === 'alias/phi-stack-plan-artifacts' ? KEY_ARN : keyId;
      const plaintext = randomBytes(32);
      const ciphertext = randomBytes(48);
      made.set(ciphertext.toString('hex'), { plaintext: Buffer.from(plaintext), context: JSON.stringify(context), keyArn });
      return { plaintext, ciphertext, keyArn };
    },
    async decrypt(ciphertext, context) {
      calls.push('decrypt');
      const entry = made.get(Buffer.from(ciphertext).toString('hex'));
      if (!entry || entry.context !== JSON.stringify(context)) {
        const err = new Error('The ciphertext refers to a customer master key that does not exist, or the encryption context does not match');
        err.name = 'InvalidCiphertextException';
        throw err;
      }
      return { plaintext: Buffer.from(entry.plaintext), keyArn: entry.keyArn };
    },
  };
}

describe('plan artifact', () => {
  let dir: string;
  let work: string;
  let out: string;
  let target: string;
  const plan = Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(4096), Buffer.from('password=fake-master-password-123')]);
  const config = sha256('{"resource":{}}');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-artifact-'));
    work = path.join(dir, 'work');
    out = path.join(dir, 'artifact');
    target = path.join(dir, 'apply');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'plan.bin'), plan);
    fs.writeFileSync(path.join(work, 'plan.sha256'), `${config}\n`);
    fs.writeFileSync(path.join(work, 'plan.kind'), 'apply\n');
    fs.writeFileSync(path.join(work, 'plan.md'), '### Terraform plan review\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const pack = (keys: DataKeyService, extra: Partial<Parameters<typeof packPlan>[0]> = {}) =>
    packPlan({ workDir: work, outDir: out, stack: 'phi-us-east-1', commit: COMMIT, kmsKeyId: 'alias/phi-stack-plan-artifacts', keys, ...extra });
  const unpack = (keys: DataKeyService, expectedDigest: string, stack = 'phi-us-east-1') => unpackPlan({ artifactDir: out, workDir: target, stack, expectedDigest, keys });

  it('uploads no clear text: the plan is encrypted, the review is copied, the digest is the manifest sha256', async () => {
    const keys = fakeKms();
    const { manifest, digest } = await pack(keys);
    expect(fs.readdirSync(out).sort()).toEqual([MANIFEST_FILE, CIPHERTEXT_FILE, 'plan.md'].sort());
    const encrypted = fs.readFileSync(path.join(out, CIPHERTEXT_FILE));
    expect(encrypted.includes(Buffer.from('fake-master-password-123'))).toBe(false);
    expect(encrypted.length).toBe(plan.length);
    expect(digest).toBe(sha256(fs.readFileSync(path.join(out, MANIFEST_FILE))));
    expect(manifest).toMatchObject({ stack: 'phi-us-east-1', kind: 'apply', commit: COMMIT, configSha256: config, planSha256: sha256(plan), kmsKeyArn: KEY_ARN });
    expect(keys.calls).toEqual(['generate alias/phi-stack-plan-artifacts']);
  });

  it('restores exactly the reviewed plan for deploy.sh: plan.bin, plan.sha256 and plan.kind', async () => {
    const keys = fakeKms();
    const { digest } = await pack(keys);
    const m = await unpack(keys, digest);
    expect(m.stack).toBe('phi-us-east-1');
    expect(fs.readFileSync(path.join(target, 'plan.bin')).equals(plan)).toBe(true);
    expect(fs.readFileSync(path.join(target, 'plan.sha256'), 'utf8').trim()).toBe(config);
    expect(fs.readFileSync(path.join(target, 'plan.kind'), 'utf8').trim()).toBe('apply');
  });

  it('keeps a destroy plan a destroy plan, so deploy.sh still asks for --confirm', async () => {
    fs.writeFileSync(path.join(work, 'plan.kind'), 'destroy\n');
    const keys = fakeKms();
    const { digest, manifest } = await pack(keys);
    expect(manifest.kind).toBe('destroy');
    await unpack(keys, digest);
    expect(fs.readFileSync(path.join(target, 'plan.kind'), 'utf8').trim()).toBe('destroy');
  });

  it('refuses an artifact that is not the one whose digest was reviewed, and writes nothing', async () => {
    const keys = fakeKms();
    await pack(keys);
    const first = sha256(fs.readFileSync(path.join(out, MANIFEST_FILE)));
    // A second plan (another run, another change) replaces the artifact: same stack, new digest.
    fs.writeFileSync(path.join(work, 'plan.bin'), Buffer.concat([plan, Buffer.from('more')]));
    const second = await pack(keys);
    expect(second.digest).not.toBe(first);
    await expect(unpack(keys, first)).rejects.toThrow(
      new PlanArtifactError(`${path.join(out, MANIFEST_FILE)}: the artifact's digest is ${second.digest}, but the reviewed plan names ${first}: this is not the plan that was approved; plan and review again`),
    );
    expect(fs.existsSync(target)).toBe(false);
  });

  it('refuses a swapped ciphertext even with a manifest edited to match it', async () => {
    const keys = fakeKms();
    const { digest } = await pack(keys);
    const enc = fs.readFileSync(path.join(out, CIPHERTEXT_FILE));
    enc[10] ^= 0xff;
    fs.writeFileSync(path.join(out, CIPHERTEXT_FILE), enc);
    await expect(unpack(keys, digest)).rejects.toThrow(/plan\.bin\.enc: sha256 [0-9a-f]{64} is not the manifest's [0-9a-f]{64}: the encrypted plan was changed or swapped/);

    // Whoever can edit the manifest can also name a new digest; GCM still refuses the ciphertext.
    const m = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), 'utf8'));
    m.encryptedSha256 = sha256(enc);
    fs.writeFileSync(path.join(out, MANIFEST_FILE), JSON.stringify(m));
    await expect(unpack(keys, sha256(JSON.stringify(m)))).rejects.toThrow('the encrypted plan does not authenticate under its manifest: the artifact was changed');
    expect(fs.existsSync(path.join(target, 'plan.bin'))).toBe(false);
  });

  it('refuses the plan of another stack, and a manifest retargeted at this stack (KMS context)', async () => {
    const keys = fakeKms();
    const { digest } = await pack(keys, { stack: 'phi-eu-west-1' });
    await expect(unpack(keys, digest)).rejects.toThrow(`${path.join(out, MANIFEST_FILE)}: the artifact is a plan of phi-eu-west-1, not of phi-us-east-1`);
    const m = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), 'utf8'));
    m.stack = 'phi-us-east-1';
    fs.writeFileSync(path.join(out, MANIFEST_FILE), JSON.stringify(m));
    await expect(unpack(keys, sha256(JSON.stringify(m)))).rejects.toThrow(/^KMS refused the artifact's data key for phi-us-east-1 at a55a0d5c.*InvalidCiphertextException/);
  });

  it('refuses a data key that KMS says another key encrypted', async () => {
    const keys = fakeKms();
    const { digest } = await pack(keys);
    const lying: DataKeyService = { ...keys, decrypt: async (c, ctx) => ({ ...(await keys.decrypt(c, ctx)), keyArn: OTHER_ARN }) };
    await expect(unpack(lying, digest)).rejects.toThrow(`the data key was encrypted under ${OTHER_ARN}, not under the manifest's ${KEY_ARN}`);
  });

  it('says what is missing instead of packing nothing', async () => {
    fs.rmSync(path.join(work, 'plan.bin'));
    await expect(pack(fakeKms())).rejects.toThrow(`${path.join(work, 'plan.bin')}: cannot read the saved plan (run the plan target first; a failed plan saves none) (ENOENT)`);
    await expect(pack(fakeKms(), { commit: 'main' })).rejects.toThrow(`commit must be a hexadecimal commit SHA (got 'main')`);
    await expect(pack(fakeKms(), { kmsKeyId: ' ' })).rejects.toThrow("kmsKeyId must name a KMS key (an ARN, id or alias/...) (got '')");
    await expect(unpack(fakeKms(), 'abc')).rejects.toThrow("the approved artifact digest must be a sha256 in hex (got 'abc')");
  });
});
