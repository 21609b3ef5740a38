import { createServer } from 'node:net';
import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import { DockerUnavailableError, EmulatorUnreachableError } from './errors';

/** Which emulator to run. */
export type EmulatorFlavor = 'moto' | 'localstack';

/** The image our moto flavor runs when `PHI_STACK_EMULATOR_IMAGE` is not set (built by tools/emulator/image/build.sh). */
export const DEFAULT_MOTO_IMAGE = 'phi-stack/moto-emulator:latest';
/**
 * LocalStack image of the `localstack` flavor without `LOCALSTACK_AUTH_TOKEN`: LocalStack 4.14.0, the
 * last release that starts without a token, community services only (built offline by
 * tools/emulator/localstack-image/build.sh).
 */
export const DEFAULT_LOCALSTACK_IMAGE = 'phi-stack/localstack:4.14.0';
/** LocalStack image of the `localstack` flavor with `LOCALSTACK_AUTH_TOKEN` (needs a registry that can pull it). */
export const DEFAULT_LOCALSTACK_PRO_IMAGE = 'localstack/localstack-pro:4.9';
const LOCALSTACK_PORT = 4566;
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
   * @default - moto: `PHI_STACK_EMULATOR_IMAGE`, else `phi-stack/moto-emulator:latest`; localstack:
   * `PHI_STACK_LOCALSTACK_IMAGE`, else `phi-stack/localstack:4.14.0` without `LOCALSTACK_AUTH_TOKEN`
   * and LocalStack Pro with it
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
  /**
   * Real engines to run behind the emulated APIs (moto flavor only; needs an image built with the
   * engine packages, see tools/emulator/image/README.md). `mysql`: CreateDBInstance of engine mysql
   * starts a MariaDB 10.11 server whose Endpoint is 127.0.0.1 and a host port of this process's
   * choosing, TLS-only when its parameter group sets require_secure_transport.
   * @default - none: every API only records resources, as without this option
   */
  readonly engines?: readonly EngineName[];
  /**
   * How many instances the engines may run at once (one container port, published on a fixed free
   * host port on 127.0.0.1, each).
   * @default 8
   */
  readonly enginePorts?: number;
}

/** An engine that `startEmulator({ engines })` can run for real. */
export type EngineName = 'mysql';
/** First container port of the engines' range (the range is `ENGINE_CONTAINER_PORT_BASE` + 0..n-1). */
export const ENGINE_CONTAINER_PORT_BASE = 15000;
/** Where the emulator keeps the CA that signs every engine's server certificate. */
export const ENGINE_CA_PATH = '/var/lib/phi-engines/pki/ca.pem';

export interface Emulator {
  /** Base URL of every AWS service, e.g. `http://127.0.0.1:49153`. */
  readonly endpoint: string;
  readonly flavor: EmulatorFlavor;
  /** The container's id, when this process started it. */
  readonly containerId?: string;
  /** Milliseconds from the start request until the emulator answered. */
  readonly startMillis: number;
  /**
   * PEM of the CA that signs the engines' server certificates (with `engines` only): pass it as the
   * client's trusted CA to verify the server (the certificate names localhost and 127.0.0.1).
   */
  readonly engineCaPem?: string;
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
  const engines = options.engines ?? [];
  for (const engine of engines) {
    if (engine !== 'mysql') throw new Error(`engines may only name 'mysql' (got '${String(engine)}')`);
  }
  if (engines.length > 0 && (reuse || flavor !== 'moto')) {
    throw new Error('engines need an emulator this process starts with the moto flavor: unset EMULATOR_ENDPOINT and PHI_STACK_EMULATOR_FLAVOR=localstack, or drop the engines option');
  }
  if (reuse) {
    await assertEmulatorReachable(reuse);
    return { endpoint: reuse.replace(/\/$/, ''), flavor, startMillis: Date.now() - started, stop: async () => undefined };
  }
  await assertDockerAvailable();
  const container = flavor === 'moto' ? await startMoto(options) : await startLocalstack(options);
  try {
    await assertLoopbackOnly(container.getId());
  } catch (err) {
    await container.stop({ timeout: 1_000 });
    throw err;
  }
  const port = flavor === 'moto' ? MOTO_PORT : LOCALSTACK_PORT;
  // A fixed host port is bound on the host's loopback: print the address people type.
  const endpoint = options.hostPort ? `http://localhost:${options.hostPort}` : `http://${LOOPBACK}:${container.getMappedPort(port)}`;
  let engineCaPem: string | undefined;
  if (engines.length > 0) {
    const read = await container.exec(['cat', ENGINE_CA_PATH]);
    if (read.exitCode !== 0) {
      await container.stop({ timeout: 1_000 });
      throw new Error(`the emulator started without its engines' CA (${ENGINE_CA_PATH}: ${read.output.trim()}): is the image built with the engine packages and phi_moto's rds_mysql_engine patch? (bash tools/emulator/image/build.sh)`);
    }
    engineCaPem = read.stdout;
  }
  let stopped = false;
  return {
    endpoint,
    flavor,
    containerId: container.getId(),
    startMillis: Date.now() - started,
    ...(engineCaPem === undefined ? {} : { engineCaPem }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await container.stop({ timeout: 5_000 });
    },
  };
}

/** Host ports that are free on 127.0.0.1 now (the OS picks them; they are released before returning). */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, LOOPBACK, () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/**
 * The container environment and port bindings of `engines`: container ports 15000.. published on
 * the given host ports, and the env that tells phi_moto which host port each one is
 * (tools/emulator/image/phi_moto/mysql_engine.py).
 */
export function engineLaunch(engines: readonly EngineName[], hostPorts: readonly number[]): {
  environment: Record<string, string>;
  ports: Array<{ container: number; host: number }>;
} {
  const ports = hostPorts.map((host, i) => ({ container: ENGINE_CONTAINER_PORT_BASE + i, host }));
  return {
    environment: {
      PHI_MOTO_ENGINES: engines.join(','),
      PHI_MOTO_ENGINE_PORTS: `${ENGINE_CONTAINER_PORT_BASE}-${ENGINE_CONTAINER_PORT_BASE + hostPorts.length - 1}`,
      PHI_MOTO_ENGINE_PORT_MAP: ports.map((p) => `${p.container}:${p.host}`).join(','),
      PHI_MOTO_ENGINE_ADDRESS: LOOPBACK,
    },
    ports,
  };
}

async function startMoto(options: StartEmulatorOptions): Promise<StartedTestContainer> {
  const image = options.image ?? process.env.PHI_STACK_EMULATOR_IMAGE ?? DEFAULT_MOTO_IMAGE;
  const engines = options.engines ?? [];
  const count = options.enginePorts ?? 8;
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new Error(`enginePorts must be a whole number from 1 to 100 (got ${count})`);
  const launch = engines.length > 0 ? engineLaunch(engines, await freeLoopbackPorts(count)) : { environment: {}, ports: [] };
  let container = new GenericContainer(image)
    .withExposedPorts(options.hostPort ? { container: MOTO_PORT, host: options.hostPort } : MOTO_PORT, ...launch.ports)
    .withEnvironment({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', ...launch.environment })
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

/** What the `localstack` flavor runs: the image, its environment, and which edition that is. */
export interface LocalstackLaunch {
  readonly image: string;
  readonly environment: Record<string, string>;
  /** `community`: our image, free services only; `pro`: the official Pro image with the token. */
  readonly edition: 'community' | 'pro';
}

/**
 * Decides what the `localstack` flavor starts. Without `LOCALSTACK_AUTH_TOKEN`: our image of
 * LocalStack 4.14.0 (community services: S3, EC2, KMS, IAM, STS, CloudWatch Logs, ...; not RDS,
 * ElastiCache, CloudFront, ELBv2, Auto Scaling, WAFv2 or CloudTrail). With it: LocalStack Pro,
 * the token passed on. `PHI_STACK_LOCALSTACK_IMAGE` (or `image`) overrides the image either way.
 */
export function localstackLaunch(env: NodeJS.ProcessEnv = process.env, image?: string): LocalstackLaunch {
  const token = env.LOCALSTACK_AUTH_TOKEN;
  const chosen = image ?? env.PHI_STACK_LOCALSTACK_IMAGE;
  if (token) {
    return { image: chosen ?? DEFAULT_LOCALSTACK_PRO_IMAGE, environment: { LOCALSTACK_AUTH_TOKEN: token }, edition: 'pro' };
  }
  // Our image sets these too; they are repeated so that another community image behaves the same:
  // listen on every container address, no SSL certificate download and no analytics (offline), no DNS server.
  return {
    image: chosen ?? DEFAULT_LOCALSTACK_IMAGE,
    environment: { GATEWAY_LISTEN: `0.0.0.0:${LOCALSTACK_PORT}`, SKIP_SSL_CERT_DOWNLOAD: '1', DISABLE_EVENTS: '1', DNS_ADDRESS: '0' },
    edition: 'community',
  };
}

async function startLocalstack(options: StartEmulatorOptions): Promise<StartedTestContainer> {
  const launch = localstackLaunch(process.env, options.image);
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  let container = new LocalstackContainer(launch.image).withEnvironment(launch.environment);
  if (options.hostPort) container = container.withExposedPorts({ container: LOCALSTACK_PORT, host: options.hostPort });
  if (options.keepRunning) container = container.withLabels({ 'org.phi-stack.role': 'emulator' });
  if (launch.edition === 'community') {
    // "Ready." is printed once every service plugin is loaded; the health route is what clients ask.
    container = container.withWaitStrategy(
      Wait.forAll([Wait.forLogMessage('Ready', 1), Wait.forHttp('/_localstack/health', LOCALSTACK_PORT).forStatusCode(200)]),
    ).withStartupTimeout(60_000);
  }
  try {
    return await bindToLoopback(container).start();
  } catch (err) {
    const message = (err as Error).message;
    // Testcontainers pulls a missing image: without a registry that fails with a lookup or pull error.
    if (launch.edition === 'community' && /No such image|not found|pull access denied|manifest unknown|no such host|dial tcp/i.test(message)) {
      throw new Error(
        `the LocalStack image ${launch.image} is not available locally (${message.split('\n')[0]}): build it with ` +
          '`bash tools/emulator/localstack-image/build.sh`, or set LOCALSTACK_AUTH_TOKEN to run LocalStack Pro',
      );
    }
    throw err;
  }
}

/**
 * Makes the suites of the current test file run on the `localstack` flavor, whatever
 * `PHI_STACK_EMULATOR_FLAVOR` says (Jest gives every test file its own copy of `process.env`).
 * `EMULATOR_ENDPOINT` names the moto emulator of `npm start` and is dropped; a LocalStack that is
 * already running is reused through `LOCALSTACK_ENDPOINT` instead (e.g. compose's http://localhost:4567).
 */
export function useLocalstackFlavor(env: NodeJS.ProcessEnv = process.env): void {
  env.PHI_STACK_EMULATOR_FLAVOR = 'localstack';
  if (env.LOCALSTACK_ENDPOINT) env.EMULATOR_ENDPOINT = env.LOCALSTACK_ENDPOINT;
  else delete env.EMULATOR_ENDPOINT;
}
