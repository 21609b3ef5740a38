import { LocalstackContainer } from '@testcontainers/localstack';
import { DEFAULT_LOCALSTACK_IMAGE, DEFAULT_LOCALSTACK_PRO_IMAGE, localstackLaunch, useLocalstackFlavor } from '../src';

describe('localstack flavor', () => {
  it('runs our LocalStack 4.14.0 image, community services only, without LOCALSTACK_AUTH_TOKEN', () => {
    const launch = localstackLaunch({});
    expect(DEFAULT_LOCALSTACK_IMAGE).toBe('phi-stack/localstack:4.14.0');
    expect(launch).toEqual({
      image: 'phi-stack/localstack:4.14.0',
      environment: { GATEWAY_LISTEN: '0.0.0.0:4566', SKIP_SSL_CERT_DOWNLOAD: '1', DISABLE_EVENTS: '1', DNS_ADDRESS: '0' },
      edition: 'community',
    });
  });

  it('keeps the official Pro image, with the token, when LOCALSTACK_AUTH_TOKEN is set', () => {
    expect(localstackLaunch({ LOCALSTACK_AUTH_TOKEN: 'ls-token' })).toEqual({
      image: DEFAULT_LOCALSTACK_PRO_IMAGE,
      environment: { LOCALSTACK_AUTH_TOKEN: 'ls-token' },
      edition: 'pro',
    });
    expect(DEFAULT_LOCALSTACK_PRO_IMAGE).toMatch(/^localstack\/localstack-pro:/);
  });

  it('takes the image from the option, then PHI_STACK_LOCALSTACK_IMAGE, for either edition', () => {
    expect(localstackLaunch({ PHI_STACK_LOCALSTACK_IMAGE: 'registry.local/ls:4.14.0' }).image).toBe('registry.local/ls:4.14.0');
    expect(localstackLaunch({ PHI_STACK_LOCALSTACK_IMAGE: 'a:1' }, 'b:2').image).toBe('b:2');
    expect(localstackLaunch({ LOCALSTACK_AUTH_TOKEN: 't', PHI_STACK_LOCALSTACK_IMAGE: 'mirror/localstack-pro:4.9' })).toMatchObject({ image: 'mirror/localstack-pro:4.9', edition: 'pro' });
  });

  it('is started through @testcontainers/localstack, which publishes 4566 and waits for "Ready"', () => {
    const container = new LocalstackContainer(DEFAULT_LOCALSTACK_IMAGE) as unknown as { exposedPorts: unknown[] };
    expect(container.exposedPorts).toContain(4566);
  });

  it('makes a test file run on LocalStack, reusing only LOCALSTACK_ENDPOINT, never the moto EMULATOR_ENDPOINT', () => {
    const moto: NodeJS.ProcessEnv = { PHI_STACK_EMULATOR_FLAVOR: 'moto', EMULATOR_ENDPOINT: 'http://localhost:4566' };
    useLocalstackFlavor(moto);
    expect(moto).toEqual({ PHI_STACK_EMULATOR_FLAVOR: 'localstack' });
    const reuse: NodeJS.ProcessEnv = { EMULATOR_ENDPOINT: 'http://localhost:4566', LOCALSTACK_ENDPOINT: 'http://localhost:4567' };
    useLocalstackFlavor(reuse);
    expect(reuse).toEqual({ PHI_STACK_EMULATOR_FLAVOR: 'localstack', EMULATOR_ENDPOINT: 'http://localhost:4567', LOCALSTACK_ENDPOINT: 'http://localhost:4567' });
  });
});
