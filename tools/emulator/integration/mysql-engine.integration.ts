/**
 * The emulator with `engines: ['mysql']`: an RDS mysql instance and its read replica are real
 * MariaDB servers on 127.0.0.1, TLS-only as the parameter group says, the replica read-only and
 * replicating; deleting the instances stops them.
 */
import * as net from 'node:net';
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  CreateDBParameterGroupCommand,
  DeleteDBInstanceCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import { Emulator, emulatorClientConfig, startEmulator } from '../src';

const REGION = 'eu-west-1';
const USER = 'admin';
const PASSWORD = 'Master-Pw-0123';

/**
 * True when a server on 127.0.0.1:port sends its greeting. A bare TCP connect is not enough: Docker's
 * proxy keeps accepting on a published port after the server behind it has stopped (then closes).
 */
async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2_000);
    socket.once('data', () => done(true));
    socket.once('close', () => done(false));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

describe('RDS mysql instances backed by real MariaDB servers', () => {
  let emulator: Emulator;
  let rds: RDSClient;
  const open: Connection[] = [];
  const started = Date.now();

  beforeAll(async () => {
    emulator = await startEmulator({ engines: ['mysql'], enginePorts: 4 });
    rds = new RDSClient(emulatorClientConfig(emulator.endpoint, REGION));
  }, 2 * 60 * 1000);

  afterAll(async () => {
    await Promise.all(open.map((c) => c.end().catch(() => undefined)));
    await emulator?.stop();
    console.log(`mysql-engine: emulator start ${emulator?.startMillis} ms, whole suite ${Date.now() - started} ms`);
  });

  it('serves TLS-only primary and read-only replica, then stops them on delete', async () => {
    expect(emulator.engineCaPem).toContain('-----BEGIN CERTIFICATE-----');
    await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'tls-only', DBParameterGroupFamily: 'mysql8.4', Description: 'TLS only' }));
    await rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: 'tls-only',
        Parameters: [{ ParameterName: 'require_secure_transport', ParameterValue: '1', ApplyMethod: 'immediate' }],
      }),
    );
    const t0 = Date.now();
    const primary = (
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: 'app-db',
          DBInstanceClass: 'db.t4g.micro',
          Engine: 'mysql',
          EngineVersion: '8.4.3',
          AllocatedStorage: 20,
          MasterUsername: USER,
          MasterUserPassword: PASSWORD,
          DBParameterGroupName: 'tls-only',
        }),
      )
    ).DBInstance!;
    const t1 = Date.now();
    const replica = (await rds.send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: 'app-db-replica', SourceDBInstanceIdentifier: 'app-db' }))).DBInstance!;
    const t2 = Date.now();
    console.log(`mysql-engine: CreateDBInstance ${t1 - t0} ms, CreateDBInstanceReadReplica ${t2 - t1} ms`);

    expect(primary.Endpoint?.Address).toBe('127.0.0.1');
    expect(replica.Endpoint?.Address).toBe('127.0.0.1');
    const primaryPort = primary.Endpoint!.Port!;
    const replicaPort = replica.Endpoint!.Port!;
    expect(replicaPort).not.toBe(primaryPort);
    expect(await answers(primaryPort)).toBe(true);

    const tls = (port: number, password = PASSWORD): ConnectionOptions => ({
      host: '127.0.0.1',
      port,
      user: USER,
      password,
      ssl: { ca: emulator.engineCaPem, rejectUnauthorized: true },
    });
    const connect = async (options: ConnectionOptions): Promise<Connection> => {
      const c = await createConnection(options);
      open.push(c);
      return c;
    };

    const onPrimary = await connect(tls(primaryPort));
    const [cipher] = await onPrimary.query("SHOW STATUS LIKE 'Ssl_version'");
    expect((cipher as Array<{ Value: string }>)[0].Value).toMatch(/^TLSv1\.[23]$/);
    await onPrimary.query('CREATE DATABASE app');
    await onPrimary.query('CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))');
    await onPrimary.query("INSERT INTO app.t VALUES (1, 'from-primary')");

    const onReplica = await connect(tls(replicaPort));
    let rows: Array<{ v: string }> = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      rows = await onReplica
        .query('SELECT v FROM app.t WHERE id = 1')
        .then(([r]) => r as Array<{ v: string }>)
        .catch(() => []);
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(rows).toEqual([{ v: 'from-primary' }]);
    await expect(onReplica.query("INSERT INTO app.t VALUES (2, 'from-replica')")).rejects.toThrow(/--read-only option/);

    // MariaDB answers a plaintext login under require_secure_transport with 1045, like a wrong password.
    await expect(connect({ host: '127.0.0.1', port: primaryPort, user: USER, password: PASSWORD })).rejects.toMatchObject({ errno: 1045 });
    await expect(connect(tls(primaryPort, 'Wrong-Pw-0123'))).rejects.toMatchObject({ errno: 1045 });

    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'app-db', MasterUserPassword: 'Master-Pw-4567', ApplyImmediately: true }));
    await expect(connect(tls(primaryPort))).rejects.toMatchObject({ errno: 1045 });
    await (await connect(tls(primaryPort, 'Master-Pw-4567'))).query('SELECT 1');

    await Promise.all(open.splice(0).map((c) => c.end().catch(() => undefined)));
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'app-db-replica', SkipFinalSnapshot: true }));
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'app-db', SkipFinalSnapshot: true }));
    expect(await answers(primaryPort)).toBe(false);
    expect(await answers(replicaPort)).toBe(false);
  });
});
