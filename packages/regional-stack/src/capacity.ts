/**
 * Capacity from the workload: the web tier's bounds, the peak windows' minimums, the read
 * replicas and the cache node, derived from the `workload` block of `region.json`, with every
 * assumption named and sourced. Explicit fields of `region.json` override a derived value and are
 * checked against it: a maximum that cannot carry the biggest peak is an error that says why.
 */
import benchmarks from './capacity-benchmarks.json';

/** The `workload` block of `region.json`: the answers to the workload questions. */
export interface WorkloadProfile {
  /** Concurrent users at the ordinary daily peak (outside the peak windows). */
  readonly peakConcurrentUsers: number;
  /** Requests one active user sends per minute (API calls, not static assets served by CloudFront). */
  readonly requestsPerUserPerMinute: number;
  /** Reads to writes, like `9:1`. */
  readonly readWriteRatio: string;
  /** Size of one user's session in Redis, in KiB. */
  readonly sessionSizeKiB: number;
  /** Medical images uploaded per day (through the web tier to S3). */
  readonly imageUploadsPerDay: number;
  /** Traffic of each peak window as a multiple of the ordinary peak, by window name: `{ "christmas": 2 }`. */
  readonly peakMultipliers?: Readonly<Record<string, number>>;
  /** Requests per second one web instance serves at 100% CPU, measured by a load test of the app: replaces the benchmark model. */
  readonly measuredRequestsPerSecond?: number;
  /** Share of the ordinary peak the baseline minimum carries before target tracking adds instances (0-1). */
  readonly baselineShare?: number;
}

/** What the derivation reads besides the workload. */
export interface CapacityContext {
  readonly region: string;
  readonly azCount: number;
  readonly webInstanceType: string;
  readonly webCpuTargetPercent: number;
  readonly webCpuCredits?: 'standard' | 'unlimited';
  readonly dbInstanceClass: string;
  /** Names of the region's peak windows, with the minimum region.json sets for each (if any). */
  readonly windows: readonly { readonly name: string; readonly minCapacity?: number }[];
  /** Explicit overrides from region.json. */
  readonly webMinCapacity?: number;
  readonly webMaxCapacity?: number;
  readonly webDesiredCapacity?: number;
  readonly dbReadReplicaCount?: number;
  readonly cacheNodeType?: string;
  readonly webRequestCountPerTarget?: number;
}

/** One row of a table: what, how much, and where the number comes from. */
export interface CapacityRow {
  readonly name: string;
  readonly value: string;
  readonly source: string;
}

/** One derived quantity: the formula, the derived value, the override and what the stack uses. */
export interface DerivedRow {
  readonly name: string;
  readonly formula: string;
  readonly derived: string;
  readonly configured?: string;
  readonly used: string;
}

export interface CapacityPlan {
  readonly inputs: readonly CapacityRow[];
  readonly assumptions: readonly CapacityRow[];
  readonly derived: readonly DerivedRow[];
  readonly webMinCapacity: number;
  readonly webMaxCapacity: number;
  readonly webDesiredCapacity: number;
  /** Minimum of each peak window that has a multiplier (or a region.json minimum). */
  readonly windowMinCapacity: Readonly<Record<string, number>>;
  readonly webRequestCountPerTarget: number;
  readonly dbReadReplicaCount: number;
  readonly cacheNodeType: string;
  readonly cacheMemoryGiB: number;
  /** Mismatches between region.json and the workload, each with the fix. Empty when the config holds. */
  readonly problems: readonly string[];
}

/** Named assumptions of the model, with their sources. */
export const CAPACITY_ASSUMPTIONS = {
  uploadPeakFactor: { value: 3, source: 'assumption: uploads in the busiest hour are 3x the daily average' },
  uploadCostFactor: { value: 10, source: 'assumption: one image upload costs the CPU of 10 API requests (a multi-MB body through TLS to S3)' },
  baselineShare: { value: 0.5, source: 'phi-stack default (workload.baselineShare): the baseline carries half the ordinary peak; target tracking adds the rest as the day ramps up' },
  windowShare: { value: 1, source: 'phi-stack default: a window pre-warms its whole expected peak, so the rush never waits on scale-out (3 one-minute datapoints plus 300 s warm-up)' },
  maxHeadroom: { value: 0.25, source: 'assumption: 25% above the biggest peak for target-tracking overshoot and a 110% instance refresh during a peak' },
  queriesPerRead: { value: 3, source: 'assumption: SQL queries per read request before the cache' },
  queriesPerWrite: { value: 2, source: 'assumption: SQL statements per write request' },
  cacheHitRatio: { value: 0.8, source: 'assumption: share of read queries answered by Redis' },
  dbTargetUtilization: { value: 0.7, source: 'assumption: database instances are sized to 70% CPU at the peak' },
  redisOverhead: { value: 1.3, source: 'assumption: Redis key and encoding overhead on small session values' },
  reservedMemoryPercent: { value: 25, source: 'ElastiCache default parameter groups: reserved-memory-percent 25 (memory kept for replication and snapshots)' },
  cacheHeadroom: { value: 1.5, source: 'assumption: 50% free memory at the peak for growth and failover' },
} as const;

/** Baseline CPU per vCPU of burstable sizes (AWS, "Key concepts for burstable performance instances"). */
const BURSTABLE_BASELINE: Record<string, number> = { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 };

/** RDS for MySQL allows at most 15 read replicas per source instance. */
const MAX_READ_REPLICAS = 15;

/** Parses `9:1` into the read share (0.9). */
export function readShareOf(ratio: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(ratio);
  if (!m) return undefined;
  const [r, w] = [Number(m[1]), Number(m[2])];
  return r + w > 0 ? r / (r + w) : undefined;
}

/** Checks the workload block; every problem names the field, the value and the fix. Multiplier names are checked against `windowNames` when given. */
export function workloadProblems(raw: unknown, windowNames?: readonly string[]): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`workload must be an object (got ${JSON.stringify(raw)})`];
  const w = raw as Record<string, unknown>;
  const problems: string[] = [];
  const known = ['peakConcurrentUsers', 'requestsPerUserPerMinute', 'readWriteRatio', 'sessionSizeKiB', 'imageUploadsPerDay', 'peakMultipliers', 'measuredRequestsPerSecond', 'baselineShare'];
  for (const key of Object.keys(w)) if (!known.includes(key)) problems.push(`workload.${key} is unknown: remove it or check its spelling (known: ${known.join(', ')})`);
  const positive = (key: string, optional = false, integer = false): void => {
    const v = w[key];
    if (v === undefined && optional) return;
    if (typeof v !== 'number' || !(v > 0) || (integer && !Number.isInteger(v))) problems.push(`workload.${key} must be a positive ${integer ? 'integer' : 'number'} (got ${JSON.stringify(v)})`);
  };
  positive('peakConcurrentUsers', false, true);
  positive('requestsPerUserPerMinute');
  positive('sessionSizeKiB');
  if (!(typeof w.imageUploadsPerDay === 'number' && w.imageUploadsPerDay >= 0)) problems.push(`workload.imageUploadsPerDay must be a number of at least 0 (got ${JSON.stringify(w.imageUploadsPerDay)})`);
  positive('measuredRequestsPerSecond', true);
  if (typeof w.readWriteRatio !== 'string' || readShareOf(w.readWriteRatio) === undefined) problems.push(`workload.readWriteRatio must be reads:writes like '9:1' (got ${JSON.stringify(w.readWriteRatio)})`);
  if (w.baselineShare !== undefined && !(typeof w.baselineShare === 'number' && w.baselineShare > 0 && w.baselineShare <= 1)) {
    problems.push(`workload.baselineShare must be a number above 0 and at most 1 (got ${JSON.stringify(w.baselineShare)})`);
  }
  if (w.peakMultipliers !== undefined) {
    if (typeof w.peakMultipliers !== 'object' || w.peakMultipliers === null || Array.isArray(w.peakMultipliers)) {
      problems.push(`workload.peakMultipliers must map window names to multipliers like { "christmas": 2 } (got ${JSON.stringify(w.peakMultipliers)})`);
    } else {
      for (const [name, m] of Object.entries(w.peakMultipliers as Record<string, unknown>)) {
        if (windowNames !== undefined && !windowNames.includes(name)) problems.push(`workload.peakMultipliers.${name} names no peak window of this region (windows: ${windowNames.join(', ') || 'none'}): remove it or add the window to schedule`);
        if (typeof m !== 'number' || !(m >= 1)) problems.push(`workload.peakMultipliers.${name} must be a number of at least 1 (got ${JSON.stringify(m)}): a peak carries at least the ordinary load`);
      }
    }
  }
  return problems;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Derives the capacity plan of a region from its workload. Explicit values in `context` are
 * used as given and checked against the derivation (`problems`).
 */
export function deriveCapacity(workload: WorkloadProfile, context: CapacityContext): CapacityPlan {
  const A = CAPACITY_ASSUMPTIONS;
  const problems: string[] = [];
  const readShare = readShareOf(workload.readWriteRatio) ?? 0.9;
  const baselineShare = workload.baselineShare ?? A.baselineShare.value;
  const multipliers = workload.peakMultipliers ?? {};
  const type = context.webInstanceType;
  const instance = (benchmarks.instanceTypes as Record<string, { vcpus: number }>)[type];
  const perVcpu = benchmarks.referenceHandler.requestsPerSecondPerVcpu / benchmarks.requestCostFactor.value;
  let rpsAtFullCpu: number;
  let rpsSource: string;
  if (workload.measuredRequestsPerSecond !== undefined) {
    rpsAtFullCpu = workload.measuredRequestsPerSecond;
    rpsSource = 'region.json workload.measuredRequestsPerSecond (a load test of the app)';
  } else if (instance) {
    rpsAtFullCpu = perVcpu * instance.vcpus;
    rpsSource = `${fmt(benchmarks.referenceHandler.requestsPerSecondPerVcpu)} req/s per vCPU (${benchmarks.referenceHandler.tool}, ${benchmarks.referenceHandler.date}) / cost factor ${benchmarks.requestCostFactor.value} x ${instance.vcpus} vCPUs`;
  } else {
    rpsAtFullCpu = perVcpu * 2;
    rpsSource = `unknown instance type: assumed 2 vCPUs; add ${type} to capacity-benchmarks.json or set workload.measuredRequestsPerSecond`;
    problems.push(`webInstanceType ${type} is not in packages/regional-stack/src/capacity-benchmarks.json: add its vCPU count there, or set workload.measuredRequestsPerSecond from a load test`);
  }
  const size = type.split('.')[1];
  const burstable = /^t(2|3|3a|4g)\./.test(type);
  const baseline = burstable ? BURSTABLE_BASELINE[size] : undefined;
  const credits = burstable ? context.webCpuCredits ?? 'unlimited' : undefined;
  const cpuTarget = context.webCpuTargetPercent;
  const effectiveTarget = credits === 'standard' && baseline !== undefined ? Math.min(cpuTarget, baseline) : cpuTarget;
  const perInstance = (rpsAtFullCpu * effectiveTarget) / 100;

  const rpsPeak = (workload.peakConcurrentUsers * workload.requestsPerUserPerMinute) / 60;
  const uploadRps = (workload.imageUploadsPerDay / 86_400) * A.uploadPeakFactor.value;
  const loadRps = rpsPeak + uploadRps * A.uploadCostFactor.value;
  const need = (multiplier: number): number => Math.max(1, Math.ceil((loadRps * multiplier) / perInstance));

  const needOrdinary = need(1);
  const windowNeeds = context.windows.map((w) => ({ name: w.name, multiplier: multipliers[w.name], configured: w.minCapacity }));
  const biggest = windowNeeds.reduce<{ name: string; multiplier: number }>((b, w) => (w.multiplier !== undefined && w.multiplier > b.multiplier ? { name: w.name, multiplier: w.multiplier } : b), {
    name: 'ordinary peak',
    multiplier: 1,
  });
  const needBiggest = need(biggest.multiplier);
  const derivedMax = Math.max(context.azCount, Math.ceil(needBiggest * (1 + A.maxHeadroom.value)));
  const derivedMin = Math.max(context.azCount, Math.ceil(needOrdinary * baselineShare));
  const webMax = context.webMaxCapacity ?? derivedMax;
  const webMin = context.webMinCapacity ?? Math.min(derivedMin, webMax);
  const webDesired = context.webDesiredCapacity ?? webMin;

  const users = fmt(workload.peakConcurrentUsers);
  const perInstanceText = `one ${type} serves ${fmt(perInstance)} req/s at ${effectiveTarget}% CPU`;
  if (context.webMaxCapacity !== undefined && context.webMaxCapacity < needBiggest) {
    const at = biggest.multiplier === 1 ? 'the ordinary peak' : `the ${biggest.name} peak (x${biggest.multiplier}: ${fmt(workload.peakConcurrentUsers * biggest.multiplier)} users, ${fmt(loadRps * biggest.multiplier)} req/s)`;
    problems.push(
      `webMaxCapacity ${context.webMaxCapacity} instances cannot serve ${users} users at ${at} at ${effectiveTarget}% CPU: ${perInstanceText}, so the peak needs ${needBiggest} (${derivedMax} with ${A.maxHeadroom.value * 100}% headroom); raise webMaxCapacity to at least ${needBiggest}, or choose a larger webInstanceType`,
    );
  }
  if (context.webMinCapacity !== undefined && context.webMinCapacity < context.azCount) {
    problems.push(`webMinCapacity ${context.webMinCapacity} leaves an Availability Zone without an instance (azCount ${context.azCount}): raise it to ${context.azCount}`);
  }

  const windowMinCapacity: Record<string, number> = {};
  const windowRows: DerivedRow[] = [];
  for (const w of windowNeeds) {
    if (w.multiplier === undefined && w.configured === undefined) continue;
    const derived = w.multiplier !== undefined ? Math.max(webMin, Math.ceil(need(w.multiplier) * A.windowShare.value)) : undefined;
    const used = w.configured ?? Math.min(derived!, webMax);
    // A maximum below the biggest peak is reported once, above; a window above a maximum that carries the peak is its own problem.
    if (derived !== undefined && derived > webMax && !(context.webMaxCapacity !== undefined && context.webMaxCapacity < needBiggest)) {
      problems.push(
        `peak window ${w.name} (x${w.multiplier}) needs ${derived} instances at ${effectiveTarget}% CPU (${perInstanceText}), above webMaxCapacity ${webMax}: raise webMaxCapacity to at least ${derived}`,
      );
    }
    if (derived !== undefined && w.configured !== undefined && w.configured < derived) {
      problems.push(`peak window ${w.name} minCapacity ${w.configured} is below the ${derived} instances its x${w.multiplier} peak needs at ${effectiveTarget}% CPU: raise it to ${derived} or remove it to use the derived value`);
    }
    windowMinCapacity[w.name] = used;
    windowRows.push({
      name: `window ${w.name} minimum`,
      formula: w.multiplier !== undefined ? `max(webMin, ceil(${fmt(loadRps)} x ${w.multiplier} / ${fmt(perInstance)}) x windowShare)` : 'region.json',
      derived: derived !== undefined ? String(derived) : '-',
      configured: w.configured !== undefined ? String(w.configured) : undefined,
      used: String(used),
    });
  }

  // Request-count target tracking: the requests one instance takes at the CPU target, per minute.
  const requestShare = (rpsPeak + uploadRps) / loadRps;
  const derivedRequestTarget = Math.max(1, Math.floor(perInstance * requestShare * 60));
  const requestTarget = context.webRequestCountPerTarget ?? derivedRequestTarget;

  // Database: reads through the cache to the replicas, writes to the primary.
  const db = (benchmarks.databaseClasses as unknown as Record<string, { readQps: number; writeQps: number }>)[context.dbInstanceClass];
  const peakRps = rpsPeak * biggest.multiplier;
  const readQps = peakRps * readShare * A.queriesPerRead.value * (1 - A.cacheHitRatio.value);
  const writeQps = peakRps * (1 - readShare) * A.queriesPerWrite.value + uploadRps * biggest.multiplier;
  let derivedReplicas = 1;
  if (!db) {
    problems.push(`dbInstanceClass ${context.dbInstanceClass} is not in packages/regional-stack/src/capacity-benchmarks.json: add its read and write capacity there`);
  } else {
    derivedReplicas = Math.max(1, Math.ceil(readQps / (db.readQps * A.dbTargetUtilization.value)));
    if (derivedReplicas > MAX_READ_REPLICAS) {
      problems.push(
        `reads at the ${biggest.name} peak (${fmt(readQps)} queries/s after the cache) need ${derivedReplicas} replicas of ${context.dbInstanceClass}, above the ${MAX_READ_REPLICAS} RDS for MySQL allows: choose a larger dbInstanceClass`,
      );
    }
    if (writeQps > db.writeQps * A.dbTargetUtilization.value) {
      problems.push(
        `writes at the ${biggest.name} peak (${fmt(writeQps)} statements/s) exceed the ${fmt(db.writeQps * A.dbTargetUtilization.value)} one ${context.dbInstanceClass} primary takes at ${A.dbTargetUtilization.value * 100}% CPU: choose a larger dbInstanceClass`,
      );
    }
  }
  const replicas = context.dbReadReplicaCount ?? Math.min(derivedReplicas, MAX_READ_REPLICAS);
  if (context.dbReadReplicaCount !== undefined && db && context.dbReadReplicaCount < derivedReplicas) {
    problems.push(
      `dbReadReplicaCount ${context.dbReadReplicaCount} cannot serve ${fmt(readQps)} read queries/s at the ${biggest.name} peak: one ${context.dbInstanceClass} replica takes ${fmt(db.readQps * A.dbTargetUtilization.value)} at ${A.dbTargetUtilization.value * 100}% CPU, so raise it to ${derivedReplicas}`,
    );
  }

  // Cache: every concurrent session of the biggest peak, with overhead and headroom.
  const sessionGiB = (workload.peakConcurrentUsers * biggest.multiplier * workload.sessionSizeKiB * A.redisOverhead.value) / (1024 * 1024);
  const neededGiB = sessionGiB * A.cacheHeadroom.value;
  const usable = (gib: number): number => gib * (1 - A.reservedMemoryPercent.value / 100);
  const nodes = Object.entries(benchmarks.cacheNodeTypes as Record<string, number | string>)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .sort((a, b) => a[1] - b[1]);
  const fits = nodes.find(([, gib]) => usable(gib) >= neededGiB);
  const derivedNode = fits?.[0] ?? nodes[nodes.length - 1][0];
  if (!fits) problems.push(`sessions at the ${biggest.name} peak need ${fmt(neededGiB, 2)} GiB of Redis, more than the largest node type listed: use cluster mode with more shards`);
  const cacheNode = context.cacheNodeType ?? derivedNode;
  const cacheGiB = (benchmarks.cacheNodeTypes as Record<string, number | string>)[cacheNode];
  if (context.cacheNodeType !== undefined) {
    if (typeof cacheGiB !== 'number') {
      problems.push(`cacheNodeType ${context.cacheNodeType} is not in packages/regional-stack/src/capacity-benchmarks.json: add its memory there`);
    } else if (usable(cacheGiB) < neededGiB) {
      problems.push(
        `cacheNodeType ${context.cacheNodeType} holds ${fmt(usable(cacheGiB), 2)} GiB for data, less than the ${fmt(neededGiB, 2)} GiB the sessions of ${fmt(workload.peakConcurrentUsers * biggest.multiplier)} users need: use ${derivedNode} or larger`,
      );
    }
  }

  const inputs: CapacityRow[] = [
    { name: 'peak concurrent users (ordinary day)', value: users, source: 'region.json workload.peakConcurrentUsers' },
    { name: 'requests per user per minute', value: fmt(workload.requestsPerUserPerMinute, 1), source: 'region.json workload.requestsPerUserPerMinute' },
    { name: 'read/write ratio', value: `${workload.readWriteRatio} (${fmt(readShare * 100)}% reads)`, source: 'region.json workload.readWriteRatio' },
    { name: 'session size', value: `${fmt(workload.sessionSizeKiB, 1)} KiB`, source: 'region.json workload.sessionSizeKiB' },
    { name: 'image uploads per day', value: fmt(workload.imageUploadsPerDay), source: 'region.json workload.imageUploadsPerDay' },
    ...Object.entries(multipliers).map(([name, m]) => ({ name: `peak multiplier ${name}`, value: `x${m}`, source: `region.json workload.peakMultipliers.${name}` })),
    { name: 'instance type', value: type, source: 'region.json webInstanceType' },
    { name: 'CPU target', value: `${cpuTarget}%`, source: 'region.json webCpuTargetPercent' },
    { name: 'Availability Zones', value: String(context.azCount), source: 'region.json azCount' },
    { name: 'database class', value: context.dbInstanceClass, source: 'region.json dbInstanceClass' },
  ];
  const assumptions: CapacityRow[] = [
    { name: `req/s per ${type} at 100% CPU`, value: fmt(rpsAtFullCpu), source: rpsSource },
    ...(burstable
      ? [
          {
            name: `${type} CPU credits`,
            value: `${credits}, baseline ${baseline}% per vCPU`,
            source:
              credits === 'standard'
                ? `region.json webCpuCredits: throttled to the baseline once credits run out, so the model uses ${effectiveTarget}%`
                : `AWS burstable baseline table; unlimited (the launch template sets it): sustained load above ${baseline}% is billed as surplus credits`,
          },
        ]
      : []),
    ...(Object.keys(CAPACITY_ASSUMPTIONS) as (keyof typeof CAPACITY_ASSUMPTIONS)[]).map((key) => ({
      name: key,
      value: key === 'baselineShare' ? String(baselineShare) : String(CAPACITY_ASSUMPTIONS[key].value),
      source: key === 'baselineShare' && workload.baselineShare !== undefined ? 'region.json workload.baselineShare' : CAPACITY_ASSUMPTIONS[key].source,
    })),
    ...(db ? [{ name: `${context.dbInstanceClass} queries/s at 100% CPU`, value: `${fmt(db.readQps)} reads, ${fmt(db.writeQps)} writes`, source: 'capacity-benchmarks.json databaseClasses (assumption)' }] : []),
  ];
  const override = (v: number | string | undefined): string | undefined => (v === undefined ? undefined : String(v));
  const derived: DerivedRow[] = [
    { name: 'ordinary peak load', formula: 'users x requests/min / 60 + uploads/s x uploadPeakFactor x uploadCostFactor', derived: `${fmt(loadRps)} req/s`, used: `${fmt(loadRps)} req/s` },
    { name: 'req/s per instance at the target', formula: `req/s at 100% x ${effectiveTarget}%`, derived: fmt(perInstance), used: fmt(perInstance) },
    { name: 'instances at the ordinary peak', formula: 'ceil(load / per instance)', derived: String(needOrdinary), used: String(needOrdinary) },
    { name: `instances at the biggest peak (${biggest.name})`, formula: `ceil(load x ${biggest.multiplier} / per instance)`, derived: String(needBiggest), used: String(needBiggest) },
    { name: 'webMinCapacity (baseline)', formula: 'max(azCount, ceil(ordinary x baselineShare))', derived: String(derivedMin), configured: override(context.webMinCapacity), used: String(webMin) },
    { name: 'webMaxCapacity', formula: 'max(azCount, ceil(biggest x (1 + maxHeadroom)))', derived: String(derivedMax), configured: override(context.webMaxCapacity), used: String(webMax) },
    { name: 'webDesiredCapacity (at creation)', formula: 'webMinCapacity', derived: String(webMin), configured: override(context.webDesiredCapacity), used: String(webDesired) },
    ...windowRows,
    { name: 'request count per target', formula: 'per instance x request share x 60 (ALBRequestCountPerTarget, per minute)', derived: String(derivedRequestTarget), configured: override(context.webRequestCountPerTarget), used: String(requestTarget) },
    { name: 'read queries/s at the biggest peak', formula: 'req/s x read share x queriesPerRead x (1 - cacheHitRatio)', derived: fmt(readQps), used: fmt(readQps) },
    { name: 'write statements/s at the biggest peak', formula: 'req/s x write share x queriesPerWrite + uploads/s', derived: fmt(writeQps), used: fmt(writeQps) },
    { name: 'dbReadReplicaCount', formula: 'max(1, ceil(read queries/s / (replica reads x dbTargetUtilization)))', derived: String(derivedReplicas), configured: override(context.dbReadReplicaCount), used: String(replicas) },
    { name: 'session memory at the biggest peak', formula: 'users x multiplier x session KiB x redisOverhead x cacheHeadroom', derived: `${fmt(neededGiB, 2)} GiB`, used: `${fmt(neededGiB, 2)} GiB` },
    {
      name: 'cacheNodeType',
      formula: 'smallest node with memory x (1 - reserved%) >= session memory',
      derived: derivedNode,
      configured: override(context.cacheNodeType),
      used: `${cacheNode}${typeof cacheGiB === 'number' ? ` (${fmt(cacheGiB, 2)} GiB, ${fmt(usable(cacheGiB), 2)} for data)` : ''}`,
    },
  ];
  return {
    inputs,
    assumptions,
    derived,
    webMinCapacity: webMin,
    webMaxCapacity: webMax,
    webDesiredCapacity: webDesired,
    windowMinCapacity,
    webRequestCountPerTarget: requestTarget,
    dbReadReplicaCount: replicas,
    cacheNodeType: cacheNode,
    cacheMemoryGiB: typeof cacheGiB === 'number' ? cacheGiB : 0,
    problems,
  };
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The plan as text tables: inputs, assumptions with sources, derived values with overrides, problems. */
export function renderCapacityPlan(plan: CapacityPlan, title: string): string {
  return [
    `# ${title}`,
    '',
    '## Inputs',
    table(['input', 'value', 'source'], plan.inputs.map((r) => [r.name, r.value, r.source])),
    '',
    '## Assumptions',
    table(['assumption', 'value', 'source'], plan.assumptions.map((r) => [r.name, r.value, r.source])),
    '',
    '## Derived',
    table(['quantity', 'formula', 'derived', 'region.json', 'used'], plan.derived.map((r) => [r.name, r.formula, r.derived, r.configured ?? '-', r.used])),
    '',
    plan.problems.length === 0 ? 'Problems: none: region.json carries the workload.' : ['## Problems', ...plan.problems.map((p) => `- ${p}`)].join('\n'),
    '',
  ].join('\n');
}
