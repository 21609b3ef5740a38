import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import { DockerUnavailableError, EmulatorUnreachableError } from './errors';

/** Which emulator to run. */
export type EmulatorFlavor = 'moto' | 'localstack';

/** The image our moto flavor runs when `PHI_STACK_EMULATOR_IMAGE` is not set (built by tools/emulator/image/build.sh). */
export const DEFAULT_MOTO_IMAGE = 'phi-stack/moto-emulator:latest';
/** LocalStack image for the `localstack` flavor (needs a registry that can pull it). */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack-pro:4.9';
const MOTO_PORT = 5000;
/** The only host address an emulator port is published on: the emulator takes fake credentials and must not be reachable from the network. */
export const LOOPBACK = '127.0.0.1';

type PortBindings = Record<string, Array<{ HostPort?: string; HostIp?: string }>>;

/**
 * Publishes every port of a container being configured on 127.0.0.1 only. Testcontainers binds
 * exposed ports on all host addresses (0.0.0.0 and ::) and has no option for the host address, so
 * this rewrites the Docker HostConfig it will send. Call it after the last `withExposedPorts`.
 */
export function bindToLoopback<T extends GenericContainer>(container: T): T {
  const hostConfig = (container as unknown as { hostConfig: { PortBindings?: PortBindings } }).hostConfig;
  for (const bindings of Object.values(hostConfig.PortBindings ?? {})) {
    for (const binding of bindings) binding.HostIp = LOOPBACK;
  }
  return container;
}

/**
 * Makes Testcontainers reach published ports on 127.0.0.1, where bindToLoopback puts them.
 * Testcontainers otherwise takes the Docker bridge gateway (e.g. 172.17.0.1) as the host whenever
 * it runs inside a container (`/.dockerenv` exists), and a port bound to loopback only does not
 * answer there: every wait strategy times out ("URL /moto-api/ not accessible after 60000ms").
 * An explicit TESTCONTAINERS_HOST_OVERRIDE is kept. Returns the host Testcontainers will use.
 */
export function useLoopbackHost(env: NodeJS.ProcessEnv = process.env): string {
  env.TESTCONTAINERS_HOST_OVERRIDE ||= LOOPBACK;
  return env.TESTCONTAINERS_HOST_OVERRIDE;
}

/** Throws unless every published port of a started container is bound to 127.0.0.1 only. */
export async function assertLoopbackOnly(containerId: string): Promise<void> {
  useLoopbackHost();
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const info = await client.container.inspect(client.container.getById(containerId));
  const published = Object.entries((info.NetworkSettings?.Ports ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>);
  const open = published.flatMap(([port, bindings]) => (bindings ?? []).filter((b) => b.HostIp !== LOOPBACK).map((b) => `${port} on ${b.HostIp || '*'}:${b.HostPort}`));
  if (open.length > 0) {
    throw new Error(`emulator container ${containerId.slice(0, 12)} publishes ${open.join(', ')}: every emulator port must be bound to ${LOOPBACK} only (see bindToLoopback)`);
  }
}

export interface StartEmulatorOptions {
  /**
   * The emulator to start.
   * @default - `PHI_STACK_EMULATOR_FLAVOR`, else `moto`
   */
  readonly flavor?: EmulatorFlavor;
  /**
   * Fixed host port (the main job uses 4566, like LocalStack).
   * @default - a free port picked by Docker
   */
  readonly hostPort?: number;
  /**
   * Image to run.
   * @default - `PHI_STACK_EMULATOR_IMAGE`, else `phi-stack/moto-emulator:latest` (moto) or LocalStack Pro (localstack)
   */
  readonly image?: string;
  /**
   * Reuse an emulator that is already running instead of starting one.
   * @default - `EMULATOR_ENDPOINT`
   */
  readonly endpoint?: string;
  /**
   * Leave the container running after the process exits (used by `npm start`).
   * @default false
   */
  readonly keepRunning?: boolean;
}

export interface Emulator {
  /** Base URL of every AWS service, e.g. `http://127.0.0.1:49153`. */
  readonly endpoint: string;
  readonly flavor: EmulatorFlavor;
  /** The container's id, when this process started it. */
  readonly containerId?: string;
  /** Milliseconds from the start request until the emulator answered. */
  readonly startMillis: number;
  /** Stops the container (no-op for a reused endpoint). Safe to call twice. */
  stop(): Promise<void>;
}

/** Throws EmulatorUnreachableError unless `endpoint` answers HTTP within `timeoutMs`. */
export async function assertEmulatorReachable(endpoint: string, timeoutMs = 3000): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined as never;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new EmulatorUnreachableError(endpoint, 'not an http(s) URL');
  }
  try {
    // Any HTTP answer will do: moto answers its own API, LocalStack its health route.
    await fetch(new URL('/moto-api/', url), { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name ?? String(err);
    throw new EmulatorUnreachableError(endpoint, cause);
  }
}

/** Fails fast with DockerUnavailableError when no Docker engine answers. */
export async function assertDockerAvailable(): Promise<void> {
  useLoopbackHost();
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (err) {
    throw new DockerUnavailableError((err as Error).message.split('\n')[0]);
  }
}

/**
 * Starts the emulator in a container (or reuses `EMULATOR_ENDPOINT`) and returns its endpoint.
 * The moto flavor runs our image: moto 5.2.1 plus the patches in tools/emulator/image/phi_moto.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const started = Date.now();
  const reuse = options.endpoint ?? process.env.EMULATOR_ENDPOINT;
  const flavor = options.flavor ?? (process.env.PHI_STACK_EMULATOR_FLAVOR as EmulatorFlavor | undefined) ?? 'moto';
  if (flavor !== 'moto' && flavor !== 'localstack') {
    throw new Error(`flavor must be 'moto' or 'localstack' (got '${String(flavor)}'): set PHI_STACK_EMULATOR_FLAVOR accordingly`);
  }
  if (reuse) {
    await assertEmulatorReachable(reuse);
    return { endpoint: reuse.replace(/\/$/, ''), flavor, startMillis: Date.now() - started, stop: async () => undefined };
  }
  const token = flavor === 'localstack' ? localstackToken() : undefined;
  await assertDockerAvailable();
  const container = flavor === 'moto' ? await startMoto(options) : await startLocalstack(options, token!);
  try {
    await assertLoopbackOnly(container.getId());
  } catch (err) {
    await container.stop({ timeout: 1_000 });
    throw err;
  }
  const port = flavor === 'moto' ? MOTO_PORT : 4566;
  // A fixed host port is bound on the host's loopback: print the address people type.
  const endpoint = options.hostPort ? `http://localhost:${options.hostPort}` : `http://${LOOPBACK}:${container.getMappedPort(port)}`;
  let stopped = false;
  return {
    endpoint,
    flavor,
    containerId: container.getId(),
    startMillis: Date.now() - started,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await container.stop({ timeout: 5_000 });
    },
  };
}

async function startMoto(options: StartEmulatorOptions): Promise<StartedTestContainer> {
  const image = options.image ?? process.env.PHI_STACK_EMULATOR_IMAGE ?? DEFAULT_MOTO_IMAGE;
  let container = new GenericContainer(image)
    .withExposedPorts(options.hostPort ? { container: MOTO_PORT, host: options.hostPort } : MOTO_PORT)
    .withEnvironment({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' })
    .withWaitStrategy(Wait.forHttp('/moto-api/', MOTO_PORT).forStatusCode(200))
    .withStartupTimeout(60_000);
  if (options.keepRunning) container = container.withLabels({ 'org.phi-stack.role': 'emulator' });
  try {
    return await bindToLoopback(container).start();
  } catch (err) {
    const message = (err as Error).message;
    if (/No such image|not found|pull access denied/i.test(message)) {
      throw new Error(`the emulator image ${image} is not available locally (${message.split('\n')[0]}): build it with \`bash tools/toolchain/setup.sh\``);
    }
    throw err;
  }
}

function localstackToken(): string {
  const token = process.env.LOCALSTACK_AUTH_TOKEN;
  if (!token) {
    throw new Error(
      'the localstack flavor needs LOCALSTACK_AUTH_TOKEN: the stacks use RDS, ElastiCache, CloudFront, ELBv2, Auto Scaling, WAFv2 ' +
        'and CloudTrail, which are outside LocalStack\'s free tier; export your token, or use the default moto flavor (PHI_STACK_EMULATOR_FLAVOR=moto)',
    );
  }
  return token;
}

async function startLocalstack(options: StartEmulatorOptions, token: string): Promise<StartedTestContainer> {
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const container = new LocalstackContainer(options.image ?? DEFAULT_LOCALSTACK_IMAGE).withEnvironment({ LOCALSTACK_AUTH_TOKEN: token });
  if (options.hostPort) container.withExposedPorts({ container: 4566, host: options.hostPort });
  return bindToLoopback(container).start();
}
