import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root (tools/emulator/src → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** `terraform init` that is safe beside parallel inits (see the script). */
const INIT_SCRIPT = path.join(REPO_ROOT, 'tools/terraform/init.sh');

let cliConfig: string | undefined;

/** The repo's Terraform CLI config (offline provider mirror where one exists). Computed once per process. */
export function terraformCliConfig(): string {
  if (process.env.TF_CLI_CONFIG_FILE_OVERRIDE) return process.env.TF_CLI_CONFIG_FILE_OVERRIDE;
  cliConfig ??= execFileSync('bash', [path.join(REPO_ROOT, 'tools/terraform/cli-config.sh')], { encoding: 'utf8' }).trim();
  return cliConfig;
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly millis: number;
}

/** One attribute whose value the emulator does not round-trip, documented where it is tolerated. */
export interface KnownDrift {
  /** Resource address, e.g. `aws_db_instance.primary`. A trailing `*` matches any index/suffix. */
  readonly address: string;
  /** Top-level attribute name. */
  readonly attribute: string;
  /** Why the emulator cannot round-trip it. */
  readonly reason: string;
}

/** A Terraform working directory holding one synthesized stack. */
export class TerraformWorkdir {
  /** Wall time of each command, by name, for the benchmark report. */
  public readonly timings: Record<string, number> = {};

  constructor(
    public readonly dir: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  /**
   * Copies a synthesized `cdk.tf.json` into a fresh working directory, with the files it names by
   * relative path (cdktf's `assets/`, e.g. a Lambda deployment package).
   */
  static fromSynthesized(cdkTfJson: string, workDir: string, env: Record<string, string> = {}): TerraformWorkdir {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    fs.copyFileSync(cdkTfJson, path.join(workDir, 'cdk.tf.json'));
    const assets = path.join(path.dirname(cdkTfJson), 'assets');
    if (fs.existsSync(assets)) fs.cpSync(assets, path.join(workDir, 'assets'), { recursive: true });
    return new TerraformWorkdir(workDir, env);
  }

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, TF_CLI_CONFIG_FILE: terraformCliConfig(), TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...this.extraEnv };
  }

  /**
   * Runs terraform; resolves with the exit code (never rejects for a non-zero exit). `init` goes
   * through tools/terraform/init.sh, which serializes inits that share a plugin cache.
   */
  run(args: string[], options: { onStdout?: (chunk: string) => void; signal?: AbortSignal } = {}): Promise<TerraformResult> {
    const started = Date.now();
    const [command, argv] = args[0] === 'init' ? ['bash', [INIT_SCRIPT, ...args.slice(1)]] : ['terraform', args];
    return new Promise((resolve, reject) => {
      // An aborted signal sends SIGTERM, as a cancelled CI job does: terraform stops gracefully.
      const child = spawn(command, [...argv, '-no-color'], { cwd: this.dir, env: this.env, signal: options.signal, killSignal: 'SIGTERM' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        options.onStdout?.(d.toString());
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (err) => {
        if (err.name !== 'AbortError') reject(err); // an abort is reported through 'close'
      });
      child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, millis: Date.now() - started }));
    });
  }

  /** Runs terraform and throws with its output unless it exits with one of `okCodes`. */
  async must(name: string, args: string[], okCodes: number[] = [0]): Promise<TerraformResult> {
    const result = await this.run(args);
    this.timings[name] = (this.timings[name] ?? 0) + result.millis;
    if (!okCodes.includes(result.code)) {
      throw new Error(`terraform ${args[0]} failed in ${this.dir} (exit ${result.code}):\n${tail(result.stderr || result.stdout)}`);
    }
    return result;
  }

  init(): Promise<TerraformResult> {
    return this.must('init', ['init', '-input=false']);
  }

  apply(): Promise<TerraformResult> {
    return this.must('apply', ['apply', '-auto-approve', '-input=false']);
  }

  destroy(): Promise<TerraformResult> {
    return this.must('destroy', ['destroy', '-auto-approve', '-input=false']);
  }

  /** `terraform output -json`, flattened to name → value. */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.must('output', ['output', '-json']);
    const raw = JSON.parse(result.stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }

  /**
   * `terraform plan -detailed-exitcode`. Returns the attribute-level changes still pending,
   * minus the documented emulator drifts; [] means the stack round-trips cleanly.
   */
  async replan(knownDrift: readonly KnownDrift[] = []): Promise<string[]> {
    const plan = await this.must('plan', ['plan', '-detailed-exitcode', '-input=false', '-out=replan.bin'], [0, 2]);
    if (plan.code === 0) return [];
    const shown = await this.must('show', ['show', '-json', 'replan.bin']);
    return pendingChanges(JSON.parse(shown.stdout), knownDrift);
  }
}

export interface PlanJson {
  resource_changes?: Array<{ address: string; change: { actions: string[]; before: unknown; after: unknown } }>;
  output_changes?: Record<string, { actions: string[] }>;
}

/** Lists `address: action [attr, …]` for every change in a plan, ignoring documented drifts. */
export function pendingChanges(plan: PlanJson, knownDrift: readonly KnownDrift[] = []): string[] {
  const pending: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions;
    if (actions.length === 1 && (actions[0] === 'no-op' || actions[0] === 'read')) continue;
    const before = (rc.change.before ?? {}) as Record<string, unknown>;
    const after = (rc.change.after ?? {}) as Record<string, unknown>;
    const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .sort();
    const tolerated = (attr: string) => knownDrift.some((d) => d.attribute === attr && matchAddress(d.address, rc.address));
    const remaining = actions.includes('update') && changed.length > 0 ? changed.filter((a) => !tolerated(a)) : changed;
    if (actions.includes('update') && remaining.length === 0 && changed.length > 0) continue;
    pending.push(`${rc.address}: ${actions.join('+')} [${remaining.join(', ')}]`);
  }
  return pending;
}

/**
 * The resources a plan destroys: `address: actions` for every change whose actions include
 * `delete` (a destroy, or a replacement in either order). A `moved` block is no destroy: Terraform
 * plans the resource at its new address with the previous address recorded, and no delete.
 */
export function plannedDestroys(plan: PlanJson): string[] {
  return (plan.resource_changes ?? []).filter((rc) => rc.change.actions.includes('delete')).map((rc) => `${rc.address}: ${rc.change.actions.join('+')}`);
}

/** How many resources a plan creates, updates in place and destroys (a replacement counts as a create and a destroy). */
export function planCounts(plan: PlanJson): { create: number; update: number; destroy: number } {
  const counts = { create: 0, update: 0, destroy: 0 };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.change.actions.includes('create')) counts.create += 1;
    if (rc.change.actions.includes('update')) counts.update += 1;
    if (rc.change.actions.includes('delete')) counts.destroy += 1;
  }
  return counts;
}

function matchAddress(pattern: string, address: string): boolean {
  return pattern.endsWith('*') ? address.startsWith(pattern.slice(0, -1)) : pattern === address;
}

function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
