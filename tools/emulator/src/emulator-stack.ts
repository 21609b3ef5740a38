import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { Emulator, startEmulator } from './emulator';
import { LEFTOVER_PROBES, leftovers, stateResources, unprobedTypes } from './leftovers';
import { KnownDrift, PlanJson, planCounts, plannedDestroys, REPO_ROOT, TerraformWorkdir } from './terraform';

/** SDK v3 client settings that point any client at the emulator. */
export interface EmulatorClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly forcePathStyle: boolean;
  readonly maxAttempts: number;
}

/** What an integration suite sees once the stack is applied. */
export interface EmulatorStackContext {
  readonly endpoint: string;
  readonly region: string;
  readonly clientConfig: EmulatorClientConfig;
  /** `terraform output -json`, name → value. */
  readonly outputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly workDir: string;
}

export interface EmulatorStackOptions {
  /** Region of the stack and of the SDK clients. */
  readonly region: string;
  /**
   * Builds exactly one stack into the app; synthesized with `PHI_STACK_TARGET=local`.
   * @default - use `synthesized`
   */
  readonly build?: (app: App) => void;
  /**
   * An already synthesized `cdk.tf.json` (the output of an app's `synth` target).
   * @default - use `build`
   */
  readonly synthesized?: string;
  /**
   * Lists, through the SDK, what the stack leaves behind that its state does not name. Every
   * resource in the state is checked anyway, by {@link leftovers}; the union must be [] after destroy.
   * @default - the state's resources only
   */
  readonly remaining?: (ctx: EmulatorStackContext) => Promise<string[]>;
  /** Attributes the emulator cannot round-trip, each with its reason; every other change fails the re-plan check. */
  readonly knownDrift?: readonly KnownDrift[];
  /**
   * Lift deletion protection before the destroy, as the decommissioning runbook does: an apply of
   * the stack with `unprotectForTeardown` applied to its JSON, then the destroy.
   * @default false - the stack is destroyed as synthesized
   */
  readonly unprotectBeforeDestroy?: boolean;
  /**
   * Why this suite drops its emulator container instead of destroying the stack. The re-plan check
   * still runs; the teardown (unprotect, destroy, `remaining` is empty) must be proven by another
   * suite of the same stack code, and the reason names it. Saves the provider's fixed delete waits
   * (60 s per RDS dependency level) in suites that would only repeat that proof.
   * @default - the stack is destroyed and `remaining` must return []
   */
  readonly discardInsteadOfDestroyReason?: string;
  /**
   * Apply through the Nx project's `plan` and `deploy` targets, exactly as the README's deploy path
   * runs them (`npx nx run <project>:plan`, then `npx nx run <project>:deploy`), instead of a
   * `terraform apply` of the harness. Needs `synthesized`: the targets plan the app's own synth
   * output. They work under a scratch `PHI_STACK_WORK_ROOT`; the suite then verifies, re-plans and
   * destroys in the very working directory that `deploy` applied.
   * @default - the harness runs `terraform init` and `terraform apply` itself
   */
  readonly deployWithNx?: string;
  /**
   * With `deployWithNx`: the app folder (`apps/us-east-1`) whose reviewed checkov skips judge the
   * plan. The pinned checkov runs on the `terraform show -json` plan that `plan` wrote, before
   * `deploy` applies it (`tools/checkov/src/cli.ts <app> --plan <plan.json>`), and a test of the
   * suite fails on any failed check the skip file does not name.
   * @default - checkov runs on the synthesized JSON only (the app's `checkov` target)
   */
  readonly checkovPlanApp?: string;
  /**
   * With `deployWithNx`: the `cdk.tf.json` of an earlier release of the same stack (its `assets/`
   * beside it), applied first in the working directory that `plan` and `deploy` then use. The
   * plan of the current synth against that state is the upgrade a deployed stack would get; a test
   * of the suite fails on any resource it destroys or replaces (a renamed construct id without a
   * `moved` block, a changed ForceNew attribute). The suite then verifies the upgraded stack.
   * @default - the stack is applied from an empty state
   */
  readonly upgradeFrom?: string;
}

type TerraformJson = { resource?: Record<string, Record<string, Record<string, unknown>>> };

/**
 * Turns off what deliberately blocks a destroy: RDS and ALB deletion protection, final snapshots
 * (an emulator run keeps no data) and non-empty bucket protection. Returns the number of changes.
 */
export function unprotectForTeardown(json: TerraformJson): number {
  const edits: Array<[string, Record<string, unknown>]> = [
    ['aws_db_instance', { deletion_protection: false, skip_final_snapshot: true }],
    ['aws_lb', { enable_deletion_protection: false }],
    ['aws_s3_bucket', { force_destroy: true }],
  ];
  let changes = 0;
  for (const [type, settings] of edits) {
    for (const resource of Object.values(json.resource?.[type] ?? {})) {
      Object.assign(resource, settings);
      changes += 1;
    }
  }
  return changes;
}

/** Points an SDK v3 client at an emulator endpoint. */
export function emulatorClientConfig(endpoint: string, region: string): EmulatorClientConfig {
  return { endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true, maxAttempts: 2 };
}

/** Synthesizes the single stack `build` creates, in local mode, and returns its cdk.tf.json path. */
export function synthLocal(build: (app: App) => void, outdir: string): string {
  const previous = process.env.PHI_STACK_TARGET;
  process.env.PHI_STACK_TARGET = 'local';
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.PHI_STACK_TARGET;
    else process.env.PHI_STACK_TARGET = previous;
  }
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  if (stacks.length !== 1) throw new Error(`build must create exactly one stack (got ${stacks.length}: ${stacks.join(', ')})`);
  return path.join(outdir, 'stacks', stacks[0], 'cdk.tf.json');
}

/** Writes a suite's phase timings where the benchmark report picks them up. */
function recordTimings(name: string, timings: Record<string, number>): void {
  const dir = path.join(REPO_ROOT, '.terraform-work', 'timings');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.json`), JSON.stringify({ name, ...timings, recordedAt: new Date().toISOString() }, null, 2));
}

const HOOK_TIMEOUT = 15 * 60 * 1000;

/**
 * Registers a Jest suite that applies one stack on the emulator and checks it end to end:
 * apply → the suite's own checks → re-plan reports no changes → destroy leaves nothing.
 * A failing suite still destroys the stack and stops the container.
 */
export function describeEmulatorStack(name: string, options: EmulatorStackOptions, body: (ctx: EmulatorStackContext) => void): void {
  describe(name, () => {
    const ctx = { region: options.region, outputs: {} } as { -readonly [K in keyof EmulatorStackContext]: EmulatorStackContext[K] };
    let emulator: Emulator | undefined;
    let tf: TerraformWorkdir | undefined;
    let destroyed = false;
    let checkovPlan: { exit: number | null; output: string } | undefined;
    let upgradePlan: PlanJson | undefined;
    const timings: Record<string, number> = {};
    const phase = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      try {
        return await fn();
      } finally {
        timings[label] = (timings[label] ?? 0) + (Date.now() - t0);
      }
    };

    beforeAll(async () => {
      emulator = await phase('startEmulator', () => startEmulator());
      ctx.endpoint = emulator.endpoint;
      ctx.clientConfig = emulatorClientConfig(emulator.endpoint, options.region);
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-stack-it-'));
      if (options.deployWithNx) {
        if (!options.synthesized) throw new Error(`${name}: deployWithNx needs synthesized, the app's cdk.tf.json that its plan target plans`);
        const workRoot = path.join(scratch, 'work');
        const env = { EMULATOR_ENDPOINT: emulator.endpoint, TF_VAR_emulator_endpoint: emulator.endpoint, PHI_STACK_TARGET: 'local', PHI_STACK_WORK_ROOT: workRoot };
        const stackWork = path.join(workRoot, 'local', path.basename(path.dirname(options.synthesized)));
        if (options.upgradeFrom) {
          // The earlier release, applied where the Nx targets work: their plan is then the upgrade.
          const previous = TerraformWorkdir.fromSynthesized(options.upgradeFrom, stackWork, { TF_VAR_emulator_endpoint: emulator.endpoint });
          await phase('upgradeFromApply', async () => {
            await previous.init();
            await previous.apply();
          });
        }
        await phase('init', () => runNxTarget(options.deployWithNx!, 'plan', env));
        if (options.upgradeFrom) upgradePlan = JSON.parse(fs.readFileSync(path.join(stackWork, 'plan.json'), 'utf8')) as PlanJson;
        if (options.checkovPlanApp) checkovPlan = await phase('checkov', () => runCheckovOnPlan(options.checkovPlanApp!, path.join(stackWork, 'plan.json')));
        await phase('apply', () => runNxTarget(options.deployWithNx!, 'deploy', env));
        tf = new TerraformWorkdir(stackWork, { TF_VAR_emulator_endpoint: emulator.endpoint });
      } else {
        const cdkTfJson = await phase('synth', async () => options.synthesized ?? synthLocal(options.build ?? missingBuild, path.join(scratch, 'cdktf.out')));
        tf = TerraformWorkdir.fromSynthesized(cdkTfJson, path.join(scratch, 'work'), { TF_VAR_emulator_endpoint: emulator.endpoint });
        await phase('init', () => tf!.init());
        await phase('apply', () => tf!.apply());
      }
      ctx.workDir = tf.dir;
      ctx.outputs = await tf.outputs();
    }, HOOK_TIMEOUT);

    const verifyStarted = { at: 0 };
    beforeEach(() => {
      if (verifyStarted.at === 0) verifyStarted.at = Date.now();
    });

    body(ctx);

    if (options.checkovPlanApp) {
      if (!options.deployWithNx) throw new Error(`${name}: checkovPlanApp needs deployWithNx, whose plan target writes the plan checkov reads`);
      it('checkov finds nothing unreviewed in the terraform show -json plan', () => {
        expect(checkovPlan).toBeDefined();
        // The whole report on failure: every unreviewed check with its resource.
        expect({ exit: checkovPlan!.exit, output: checkovPlan!.exit === 0 ? '' : checkovPlan!.output }).toEqual({ exit: 0, output: '' });
        expect(checkovPlan!.output).toMatch(/checkov \S+ plan of \S+: [1-9]\d* passed, \d+ failed \(\d+ skipped in tools\/checkov\/skips\.yaml, 0 not\)/);
      });
    }

    if (options.upgradeFrom) {
      if (!options.deployWithNx) throw new Error(`${name}: upgradeFrom needs deployWithNx, whose plan target plans the upgrade`);
      const from = path.relative(REPO_ROOT, options.upgradeFrom);
      it(`the upgrade from ${from} destroys and replaces nothing`, () => {
        expect(upgradePlan).toBeDefined();
        const counts = planCounts(upgradePlan!);
        // The earlier release was applied: a plan that creates everything again planned from no state.
        expect(counts.create).toBeLessThan((upgradePlan!.resource_changes ?? []).length / 2);
        expect(plannedDestroys(upgradePlan!)).toEqual([]);
      });
    }

    it('re-plan reports no changes', async () => {
      timings.verify = Date.now() - verifyStarted.at;
      const pending = await phase('replan', () => tf!.replan(options.knownDrift));
      expect(pending).toEqual([]);
    });

    const discard = options.discardInsteadOfDestroyReason?.trim();
    if (options.discardInsteadOfDestroyReason !== undefined && (discard ?? '').length < 20) {
      throw new Error(`${name}: discardInsteadOfDestroyReason must say which suite proves the teardown instead (got '${options.discardInsteadOfDestroyReason}')`);
    }
    if (!discard) {
      it('destroy leaves no resources', async () => {
        if (options.unprotectBeforeDestroy) await phase('unprotect', () => unprotect(tf!));
        // The state names every resource the stack created; each is looked up again after the destroy.
        const pulled = await tf!.must('state', ['state', 'pull']);
        const resources = stateResources(JSON.parse(pulled.stdout));
        expect(unprobedTypes(resources.map((r) => r.type))).toEqual([]); // a new type: add its probe to LEFTOVER_PROBES
        // Every probe must first see its resource, or it would pass for a gone one.
        const probed = resources.filter((r) => typeof LEFTOVER_PROBES[r.type] === 'function');
        const seen = await phase('probe', () => leftovers(resources, ctx.clientConfig));
        expect(probed.filter((r) => !seen.some((line) => line.startsWith(`${r.address} `))).map((r) => r.address)).toEqual([]);
        await phase('destroy', () => tf!.destroy());
        destroyed = true;
        const left = await leftovers(resources, ctx.clientConfig);
        expect([...left, ...(options.remaining ? await options.remaining(ctx) : [])]).toEqual([]);
      });
    }

    afterAll(async () => {
      try {
        if (tf && !destroyed && !discard) {
          if (options.unprotectBeforeDestroy) await unprotect(tf).catch(() => undefined);
          await tf.run(['destroy', '-auto-approve', '-input=false']);
        }
      } finally {
        await emulator?.stop();
        recordTimings(name, timings);
      }
    }, HOOK_TIMEOUT);
  });
}

/**
 * Runs `npx nx run <project>:<target>` from the repository root, as the README says, and throws
 * with the tail of its output unless it succeeds. Nx's cache, daemon and cloud are off for it: the
 * plan and deploy targets are not cacheable anyway, and a nested run must not contend for a daemon.
 */
/** The pinned checkov on a `terraform show -json` plan, judged by the app's reviewed skips: exit code and output. */
async function runCheckovOnPlan(app: string, planFile: string): Promise<{ exit: number | null; output: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'tools/checkov/src/cli.ts', app, '--plan', planFile], { cwd: REPO_ROOT, env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ exit, output }));
  });
}

export async function runNxTarget(project: string, target: string, env: Record<string, string> = {}): Promise<string> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['nx', 'run', `${project}:${target}`, '--outputStyle=stream'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`npx nx run ${project}:${target} failed (exit ${code}):\n${out.split('\n').slice(-40).join('\n')}`));
    });
  });
}

/** Terraform types whose protection `unprotectForTeardown` lifts. */
const PROTECTED_TYPES = ['aws_db_instance', 'aws_lb', 'aws_s3_bucket'];

interface StateJson {
  resources?: Array<{ mode: string; type: string; instances: Array<{ attributes: Record<string, unknown> }> }>;
}

/**
 * Lifts deletion protection of the stack in `tf` with an apply (see `unprotectForTeardown`),
 * targeted at the protected resources that exist in the state: nothing else is created, so a
 * stack whose apply failed half-way can be torn down too.
 *
 * The RDS instances' and the load balancers' protection is first lifted through their APIs, as an
 * operator does with `aws rds modify-db-instance --no-deletion-protection` and `aws elbv2
 * modify-load-balancer-attributes`: the apply then only records `skip_final_snapshot` and
 * `force_destroy` in the state and calls neither API, so it does not sit in the provider's fixed
 * waits after ModifyDBInstance (60 s, then three polls 10 s apart, once per dependency level: 160 s
 * for a primary and its replicas) and after an ALB attribute change. The end state is the same.
 */
export async function unprotect(tf: TerraformWorkdir): Promise<void> {
  const file = path.join(tf.dir, 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformJson;
  if (unprotectForTeardown(json) === 0) return;
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  const pulled = await tf.run(['state', 'pull']);
  const state = (pulled.code === 0 && pulled.stdout.trim() ? JSON.parse(pulled.stdout) : {}) as StateJson;
  const managed = (state.resources ?? []).filter((r) => r.mode === 'managed' && PROTECTED_TYPES.includes(r.type));
  if (managed.length === 0) return;
  const endpoint = tf.env.TF_VAR_emulator_endpoint;
  if (endpoint) {
    const attributes = (type: string) => managed.filter((r) => r.type === type).flatMap((r) => r.instances.map((i) => i.attributes));
    await Promise.all([
      ...attributes('aws_db_instance').filter((a) => a.deletion_protection === true).map((a) => liftDbDeletionProtection(endpoint, String(a.arn), String(a.identifier))),
      ...attributes('aws_lb').filter((a) => a.enable_deletion_protection === true).map((a) => liftLbDeletionProtection(endpoint, String(a.arn))),
    ]);
  }
  const listed = await tf.must('state', ['state', 'list']);
  const targets = listed.stdout.split('\n').filter((a) => PROTECTED_TYPES.includes(a.split('.')[0]));
  await tf.must('apply', ['apply', '-auto-approve', '-input=false', ...targets.map((a) => `-target=${a}`)]);
}

async function liftLbDeletionProtection(endpoint: string, arn: string): Promise<void> {
  const { ElasticLoadBalancingV2Client, ModifyLoadBalancerAttributesCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const elbv2 = new ElasticLoadBalancingV2Client(emulatorClientConfig(endpoint, arn.split(':')[3]));
  try {
    await elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }));
  } finally {
    elbv2.destroy();
  }
}

async function liftDbDeletionProtection(endpoint: string, arn: string, identifier: string): Promise<void> {
  const { ModifyDBInstanceCommand, RDSClient } = await import('@aws-sdk/client-rds');
  const region = arn.split(':')[3];
  const rds = new RDSClient(emulatorClientConfig(endpoint, region));
  try {
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: identifier, DeletionProtection: false, ApplyImmediately: true }));
  } finally {
    rds.destroy();
  }
}

function missingBuild(): never {
  throw new Error('describeEmulatorStack needs either build or synthesized');
}
