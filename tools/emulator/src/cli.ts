/**
 * Long-lived emulator for the main job.
 *   tsx tools/emulator/src/cli.ts start [--port 4566]   start (or find) the emulator; prints its endpoint
 *   tsx tools/emulator/src/cli.ts teardown <workdir>…   lift deletion protection, apply, destroy (local stacks only)
 *   tsx tools/emulator/src/cli.ts stop                  stop and remove it
 * The container is labelled and its endpoint recorded in .emulator/state.json (or
 * PHI_STACK_EMULATOR_STATE), so `stop` works from another process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertEmulatorReachable, startEmulator } from './emulator';
import { unprotect } from './emulator-stack';
import { REPO_ROOT, TerraformWorkdir } from './terraform';

/** Where the running emulator is recorded: `PHI_STACK_EMULATOR_STATE`, else `.emulator/state.json`. */
const STATE = process.env.PHI_STACK_EMULATOR_STATE ?? path.join(REPO_ROOT, '.emulator', 'state.json');

interface State {
  readonly endpoint: string;
  readonly containerId?: string;
}

function readState(): State | undefined {
  try {
    return JSON.parse(fs.readFileSync(STATE, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

async function start(port: number): Promise<void> {
  const existing = readState();
  if (existing) {
    try {
      await assertEmulatorReachable(existing.endpoint);
      process.stdout.write(`${existing.endpoint}\n`);
      return;
    } catch {
      fs.rmSync(STATE, { force: true }); // stale record: the container is gone
    }
  }
  const emulator = await startEmulator({ hostPort: port, keepRunning: true });
  fs.mkdirSync(path.dirname(STATE), { recursive: true });
  fs.writeFileSync(STATE, JSON.stringify({ endpoint: emulator.endpoint, containerId: emulator.containerId }, null, 2));
  process.stderr.write(`emulator ready at ${emulator.endpoint} in ${(emulator.startMillis / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${emulator.endpoint}\n`);
}

async function stop(): Promise<void> {
  const state = readState();
  if (state?.containerId) {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const container = client.container.getById(state.containerId);
    try {
      await client.container.stop(container, { timeout: 5 });
      await client.container.remove(container, { removeVolumes: true });
    } catch (err) {
      if (!/no such container|not found/i.test((err as Error).message)) throw err;
    }
    process.stderr.write(`emulator ${state.containerId.slice(0, 12)} stopped\n`);
  }
  fs.rmSync(STATE, { force: true });
}

/**
 * Destroys stacks applied on the emulator by `npm start`. Their RDS instances and ALB keep deletion
 * protection on, as in production, so the teardown lifts it with an apply first.
 */
async function teardown(workDirs: string[]): Promise<void> {
  const state = readState();
  if (!state) throw new Error(`no emulator is recorded in ${STATE}: nothing to tear down (start one with \`npm start\`)`);
  await assertEmulatorReachable(state.endpoint);
  // Independent stacks: torn down side by side, like npm start applies them.
  const results = await Promise.allSettled(workDirs.map((dir) => teardownOne(dir, state.endpoint)));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${path.basename(workDirs[i])}: ${(r.reason as Error).message}`] : []));
  if (failed.length > 0) throw new Error(`teardown failed for ${failed.length} of ${workDirs.length} stacks:\n${failed.join('\n')}`);
}

async function teardownOne(dir: string, endpoint: string): Promise<void> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as { variable?: { emulator_endpoint?: unknown } };
  if (!json.variable?.emulator_endpoint) throw new Error(`${dir} holds a stack synthesized for a real account: teardown only destroys emulator stacks`);
  const tf = new TerraformWorkdir(dir, { TF_VAR_emulator_endpoint: endpoint });
  await unprotect(tf);
  await tf.destroy();
  process.stderr.write(`destroyed ${path.basename(dir)}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const portIndex = rest.indexOf('--port');
  const port = portIndex >= 0 ? Number(rest[portIndex + 1]) : 4566;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a TCP port number (got '${rest[portIndex + 1]}')`);
  if (command === 'start') return start(port);
  if (command === 'stop') return stop();
  if (command === 'teardown') return teardown(rest);
  throw new Error(`usage: emulator start [--port 4566] | emulator teardown <workdir>… | emulator stop (got '${command ?? ''}')`);
}

main(process.argv.slice(2)).then(
  // Testcontainers keeps sockets open; the container must outlive this process, so exit explicitly.
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`emulator: ${err.message}\n`);
    process.exit(1);
  },
);
