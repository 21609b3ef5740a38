import * as net from 'node:net';
import { GenericContainer } from 'testcontainers';
import { assertEmulatorReachable, bindToLoopback, EmulatorUnreachableError, engineLaunch, freeLoopbackPorts, pendingChanges, planCounts, plannedDestroys, startEmulator, useLoopbackHost } from '../src';

/** A local port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('emulator reachability', () => {
  it('names the endpoint and the fix when EMULATOR_ENDPOINT does not answer', async () => {
    const endpoint = `http://127.0.0.1:${await deadPort()}`;
    process.env.EMULATOR_ENDPOINT = endpoint;
    try {
      const error = await startEmulator().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmulatorUnreachableError);
      expect((error as Error).message).toContain(`the AWS emulator at ${endpoint} is not reachable (ECONNREFUSED)`);
      expect((error as Error).message).toContain('start it with `npm start`');
    } finally {
      delete process.env.EMULATOR_ENDPOINT;
    }
  });

  it('rejects an endpoint that is not a URL', async () => {
    await expect(assertEmulatorReachable('localhost:4566')).rejects.toThrow('the AWS emulator at localhost:4566 is not reachable (not an http(s) URL)');
  });

  it('accepts an endpoint that answers HTTP', async () => {
    const server = net.createServer((socket) => socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await expect(assertEmulatorReachable(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`)).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('rejects an unknown flavor', async () => {
    await expect(startEmulator({ flavor: 'minio' as never })).rejects.toThrow("flavor must be 'moto' or 'localstack' (got 'minio')");
  });
});

describe('engines', () => {
  it('publishes one container port per host port and tells phi_moto the mapping', () => {
    expect(engineLaunch(['mysql'], [41000, 41001])).toEqual({
      environment: {
        PHI_MOTO_ENGINES: 'mysql',
        PHI_MOTO_ENGINE_PORTS: '15000-15001',
        PHI_MOTO_ENGINE_PORT_MAP: '15000:41000,15001:41001',
        PHI_MOTO_ENGINE_ADDRESS: '127.0.0.1',
      },
      ports: [
        { container: 15000, host: 41000 },
        { container: 15001, host: 41001 },
      ],
    });
  });

  it('picks distinct free loopback ports', async () => {
    const ports = await freeLoopbackPorts(4);
    expect(new Set(ports).size).toBe(4);
    expect(ports.every((p) => p > 0 && p < 65536)).toBe(true);
  });

  it('refuses engines on a reused endpoint or an unknown engine', async () => {
    await expect(startEmulator({ endpoint: 'http://127.0.0.1:1', engines: ['mysql'] })).rejects.toThrow('engines need an emulator this process starts');
    await expect(startEmulator({ engines: ['redis' as never] })).rejects.toThrow("engines may only name 'mysql' (got 'redis')");
  });
});

describe('plannedDestroys and planCounts', () => {
  const change = (address: string, actions: string[]) => ({ address, change: { actions, before: {}, after: {} } });
  const plan = {
    resource_changes: [
      change('aws_kms_key.key', ['no-op']),
      change('aws_kms_key.policy_changed', ['update']),
      change('aws_kms_alias.scheme', ['create']),
      change('aws_db_instance.primary', ['delete', 'create']),
      change('aws_kms_alias.legacy', ['create', 'delete']),
      change('aws_s3_bucket.gone', ['delete']),
      change('data.aws_iam_policy_document.p', ['read']),
    ],
  };
  it('lists every destroy and replacement, in either order, and nothing else', () => {
    expect(plannedDestroys(plan)).toEqual(['aws_db_instance.primary: delete+create', 'aws_kms_alias.legacy: create+delete', 'aws_s3_bucket.gone: delete']);
    expect(plannedDestroys({ resource_changes: plan.resource_changes.slice(0, 3) })).toEqual([]);
    expect(plannedDestroys({})).toEqual([]);
  });
  it('counts a replacement as a create and a destroy', () => {
    expect(planCounts(plan)).toEqual({ create: 3, update: 1, destroy: 3 });
  });
});

describe('pendingChanges', () => {
  const plan = {
    resource_changes: [
      { address: 'aws_vpc.main', change: { actions: ['no-op'], before: { id: 'vpc-1' }, after: { id: 'vpc-1' } } },
      { address: 'data.aws_caller_identity.me', change: { actions: ['read'], before: null, after: {} } },
      { address: 'aws_db_instance.primary', change: { actions: ['update'], before: { a: 1, tags: {} }, after: { a: 2, tags: {} } } },
      { address: 'aws_db_instance.replica[0]', change: { actions: ['update'], before: { ca_cert_identifier: 'x' }, after: { ca_cert_identifier: 'y' } } },
      { address: 'aws_s3_bucket.images', change: { actions: ['delete', 'create'], before: { bucket: 'a' }, after: { bucket: 'b' } } },
    ],
  };

  it('lists every changed attribute except no-ops and reads', () => {
    expect(pendingChanges(plan)).toEqual([
      'aws_db_instance.primary: update [a]',
      'aws_db_instance.replica[0]: update [ca_cert_identifier]',
      'aws_s3_bucket.images: delete+create [bucket]',
    ]);
  });

  it('tolerates documented drifts only on updates of the named attribute', () => {
    const drift = [
      { address: 'aws_db_instance.replica*', attribute: 'ca_cert_identifier', reason: 'test' },
      { address: 'aws_s3_bucket.images', attribute: 'bucket', reason: 'a replacement is never tolerated' },
    ];
    expect(pendingChanges(plan, drift)).toEqual(['aws_db_instance.primary: update [a]', 'aws_s3_bucket.images: delete+create [bucket]']);
  });
});

describe('port publishing', () => {
  it('rewrites every port binding, fixed or random, to 127.0.0.1', () => {
    const container = bindToLoopback(new GenericContainer('phi-stack/moto-emulator:latest').withExposedPorts(5000, { container: 4566, host: 4566 }));
    const bindings = (container as unknown as { hostConfig: { PortBindings: Record<string, unknown> } }).hostConfig.PortBindings;
    expect(bindings).toEqual({
      '5000/tcp': [{ HostPort: '0', HostIp: '127.0.0.1' }],
      '4566/tcp': [{ HostPort: '4566', HostIp: '127.0.0.1' }],
    });
  });
});

describe('container host', () => {
  it('points Testcontainers at 127.0.0.1, not the Docker gateway it would pick inside a container', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(useLoopbackHost(env)).toBe('127.0.0.1');
    expect(env.TESTCONTAINERS_HOST_OVERRIDE).toBe('127.0.0.1');
  });

  it('keeps a host override that was set explicitly', () => {
    const env: NodeJS.ProcessEnv = { TESTCONTAINERS_HOST_OVERRIDE: 'docker.internal' };
    expect(useLoopbackHost(env)).toBe('docker.internal');
    expect(useLoopbackHost({ TESTCONTAINERS_HOST_OVERRIDE: '' })).toBe('127.0.0.1');
  });
});
