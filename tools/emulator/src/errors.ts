/** Raised when the emulator cannot be reached: names the endpoint and the fix. */
export class EmulatorUnreachableError extends Error {
  constructor(
    public readonly endpoint: string,
    cause: string,
  ) {
    super(
      `the AWS emulator at ${endpoint} is not reachable (${cause}): ` +
        (process.env.EMULATOR_ENDPOINT
          ? `start it with \`npm start\` (it listens on http://localhost:4566), or unset EMULATOR_ENDPOINT so that the tests start their own container`
          : `check that the container is running (\`docker ps\`) and that the Docker engine answers (\`bash tools/toolchain/setup.sh\`)`),
    );
    this.name = 'EmulatorUnreachableError';
  }
}

/** Raised when no Docker engine answers, before Testcontainers tries to start anything. */
export class DockerUnavailableError extends Error {
  constructor(cause: string) {
    super(
      `no Docker engine answers (${cause}): run \`bash tools/toolchain/setup.sh\` to install and start one, ` +
        'or set EMULATOR_ENDPOINT to an emulator that is already running',
    );
    this.name = 'DockerUnavailableError';
  }
}
