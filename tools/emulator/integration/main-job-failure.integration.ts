/**
 * Fault: `npm start` fails half-way (every `terraform apply` fails, as a broken stack or a dead
 * emulator would make it). The main job must say what failed and how to retry, and leave nothing
 * behind: the emulator container it started is stopped and its record removed.
 *
 * The run is isolated from a real main job: its own emulator port, working directories and
 * emulator record (PHI_STACK_EMULATOR_PORT, PHI_STACK_MAIN_JOB_DIR, PHI_STACK_EMULATOR_STATE),
 * and a `terraform` on PATH that fails `apply` and hands every other command to the real one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../src';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function containersPublishing(port: number): string[] {
  const out = execFileSync('docker', ['ps', '-a', '--filter', `publish=${port}`, '--format', '{{.ID}} {{.Image}} {{.Status}}'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('npm start when an apply fails', () => {
  let result: { status: number | null; stdout: string; stderr: string };
  let port: number;
  let scratch: string;
  /** Every stack npm start applies: one per app (the regions and the bootstrap). */
  let stacks: string[];

  beforeAll(async () => {
    port = await freePort();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-stack-main-job-'));
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin);
    const realTerraform = execFileSync('bash', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(
      path.join(bin, 'terraform'),
      `#!/usr/bin/env bash\nif [ "$1" = apply ]; then echo "Error: injected apply failure in $(basename "$PWD")" >&2; exit 1; fi\nexec ${JSON.stringify(realTerraform)} "$@"\n`,
      { mode: 0o755 },
    );
    stacks = fs
      .readdirSync(path.join(REPO_ROOT, 'apps'))
      .filter((app) => app === 'bootstrap' || fs.existsSync(path.join(REPO_ROOT, 'apps', app, 'region.json')))
      .sort()
      .map((app) => `phi-${app}`);
    for (const app of stacks.map((s) => s.replace(/^phi-/, ''))) {
      const synthesized = path.join(REPO_ROOT, 'apps', app, 'cdktf.out', 'stacks', `phi-${app}`, 'cdk.tf.json');
      if (!fs.existsSync(synthesized)) throw new Error(`${synthesized} does not exist: run \`npx nx run-many -t synth\` first`);
    }
    const run = spawnSync('bash', [path.join(REPO_ROOT, 'tools/main-job/start.sh')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        PHI_STACK_EMULATOR_PORT: String(port),
        PHI_STACK_MAIN_JOB_DIR: path.join(scratch, 'work'),
        PHI_STACK_EMULATOR_STATE: path.join(scratch, 'emulator.json'),
        PHI_STACK_SKIP_SYNTH: '1',
      },
      timeout: 10 * 60 * 1000,
    });
    result = { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }, 11 * 60 * 1000);

  it('exits non-zero and names each failed stack, the failing step and the log', () => {
    expect(result.status).not.toBe(0);
    expect(stacks.length).toBeGreaterThanOrEqual(3);
    for (const stack of stacks) {
      expect(result.stderr).toContain(`terraform apply of ${stack} failed:`);
      expect(result.stderr).toContain(`Error: injected apply failure in ${stack}`);
    }
    expect(result.stderr).toContain(`npm start failed during apply of ${stacks.join(' ')} (exit 1).`);
    expect(result.stdout).not.toMatch(/^applied \d+ stacks/m);
  });

  it('stops the emulator it started and says so, with how to retry', () => {
    expect(result.stderr).toContain(`emulator ready at http://localhost:${port}`);
    expect(result.stderr).toContain('Cleaned up: no stack and no emulator are left running.');
    expect(result.stderr).toContain("run 'npm start' again");
    expect(containersPublishing(port)).toEqual([]);
    expect(fs.existsSync(path.join(scratch, 'emulator.json'))).toBe(false);
  });
});
