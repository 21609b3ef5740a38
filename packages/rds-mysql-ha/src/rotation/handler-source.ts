/**
 * Source of the master-password rotation function (Node.js, CommonJS), the file `index.js` of
 * its deployment package. It is kept as a string so that a bundled synth (esbuild) carries it.
 *
 * It follows the four steps of a Secrets Manager rotation function (createSecret, setSecret,
 * testSecret, finishSecret) for a single user, the RDS master user:
 * - createSecret draws a new password with `GetRandomPassword` (40 letters and digits, the
 *   characters MySQL accepts in a master password without quoting) and stores it as AWSPENDING;
 * - setSecret sends it to RDS with `ModifyDBInstance MasterUserPassword`, so the function needs
 *   the RDS API only, never a network path to the database;
 * - testSecret waits until RDS reports the instance `available` with no pending password change;
 * - finishSecret moves AWSCURRENT to the new version (the old one becomes AWSPREVIOUS).
 * No secret value is ever logged. The AWS SDK v3 is the one the `nodejs22.x` runtime provides.
 */
export const MASTER_ROTATION_HANDLER_SOURCE = String.raw`'use strict';
const sm = require('@aws-sdk/client-secrets-manager');
const rdsApi = require('@aws-sdk/client-rds');

const PASSWORD_RULES = { PasswordLength: 40, ExcludePunctuation: true, IncludeSpace: false, RequireEachIncludedType: true };
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

function log(fields) {
  console.log(JSON.stringify({ source: 'phi-stack-mysql-master-rotation', ...fields }));
}

async function getSecret(client, secretId, stage, versionId) {
  const out = await client.send(new sm.GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }));
  const value = JSON.parse(out.SecretString);
  for (const key of ['username', 'password', 'dbInstanceIdentifier']) {
    if (typeof value[key] !== 'string' || value[key] === '') throw new Error('secret ' + secretId + ' (' + stage + ') has no ' + key);
  }
  return value;
}

async function describeInstance(rds, identifier) {
  const out = await rds.send(new rdsApi.DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
  const db = (out.DBInstances || [])[0];
  if (!db) throw new Error('DB instance ' + identifier + ' not found');
  return db;
}

async function createSecret(ctx) {
  const current = await getSecret(ctx.sm, ctx.secretId, 'AWSCURRENT');
  try {
    await getSecret(ctx.sm, ctx.secretId, 'AWSPENDING', ctx.token);
    return 'pending version exists';
  } catch (err) {
    if (err.name !== 'ResourceNotFoundException') throw err;
  }
  const drawn = await ctx.sm.send(new sm.GetRandomPasswordCommand(PASSWORD_RULES));
  await ctx.sm.send(new sm.PutSecretValueCommand({
    SecretId: ctx.secretId,
    ClientRequestToken: ctx.token,
    SecretString: JSON.stringify({ ...current, password: drawn.RandomPassword }),
    VersionStages: ['AWSPENDING'],
  }));
  return 'pending version created';
}

async function setSecret(ctx) {
  const pending = await getSecret(ctx.sm, ctx.secretId, 'AWSPENDING', ctx.token);
  const db = await describeInstance(ctx.rds, pending.dbInstanceIdentifier);
  if (db.MasterUsername !== pending.username) {
    throw new Error('secret ' + ctx.secretId + ' names user ' + pending.username + ' but ' + pending.dbInstanceIdentifier + ' has master user ' + db.MasterUsername);
  }
  if (db.ReadReplicaSourceDBInstanceIdentifier) {
    throw new Error(pending.dbInstanceIdentifier + ' is a read replica: its master password follows its source');
  }
  await ctx.rds.send(new rdsApi.ModifyDBInstanceCommand({
    DBInstanceIdentifier: pending.dbInstanceIdentifier,
    MasterUserPassword: pending.password,
    ApplyImmediately: true,
  }));
  return 'master password sent to ' + pending.dbInstanceIdentifier;
}

async function testSecret(ctx) {
  const pending = await getSecret(ctx.sm, ctx.secretId, 'AWSPENDING', ctx.token);
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    const db = await describeInstance(ctx.rds, pending.dbInstanceIdentifier);
    const pendingPassword = db.PendingModifiedValues && db.PendingModifiedValues.MasterUserPassword;
    if (db.DBInstanceStatus === 'available' && !pendingPassword) return pending.dbInstanceIdentifier + ' available with the new password';
    if (Date.now() + ctx.pollMs > deadline) {
      throw new Error(pending.dbInstanceIdentifier + ' still ' + db.DBInstanceStatus + (pendingPassword ? ' with a pending password change' : '') + ' after ' + ctx.timeoutMs + ' ms');
    }
    await new Promise((resolve) => setTimeout(resolve, ctx.pollMs));
  }
}

async function finishSecret(ctx, versions) {
  const current = Object.keys(versions).find((id) => versions[id].includes('AWSCURRENT'));
  if (current === ctx.token) return 'already current';
  await ctx.sm.send(new sm.UpdateSecretVersionStageCommand({
    SecretId: ctx.secretId,
    VersionStage: 'AWSCURRENT',
    MoveToVersionId: ctx.token,
    RemoveFromVersionId: current,
  }));
  return 'version is current';
}

/** Runs one rotation step. clients: { secretsManager, rds }; options: { timeoutMs, pollMs }. */
async function rotate(event, clients, options) {
  const opts = { timeoutMs: 240000, pollMs: 10000, ...(options || {}) };
  const secretId = event.SecretId;
  const token = event.ClientRequestToken;
  const step = event.Step;
  if (!STEPS.includes(step)) throw new Error('unknown rotation step ' + step);
  const meta = await clients.secretsManager.send(new sm.DescribeSecretCommand({ SecretId: secretId }));
  if (!meta.RotationEnabled) throw new Error('secret ' + secretId + ' is not enabled for rotation');
  const versions = meta.VersionIdsToStages || {};
  const stages = versions[token];
  if (!stages) throw new Error('secret version ' + token + ' has no stage for rotation of secret ' + secretId);
  if (stages.includes('AWSCURRENT')) {
    log({ step, secretId, token, result: 'already current' });
    return 'already current';
  }
  if (!stages.includes('AWSPENDING')) throw new Error('secret version ' + token + ' is not AWSPENDING for rotation of secret ' + secretId);
  const ctx = { sm: clients.secretsManager, rds: clients.rds, secretId, token, timeoutMs: opts.timeoutMs, pollMs: opts.pollMs };
  const steps = { createSecret, setSecret, testSecret, finishSecret };
  const result = await steps[step](ctx, versions);
  log({ step, secretId, token, result });
  return result;
}

exports.rotate = rotate;
exports.handler = async (event) => {
  await rotate(event, { secretsManager: new sm.SecretsManagerClient({}), rds: new rdsApi.RDSClient({}) });
};
`;
