import { REGION_FIELD_LIMITS, REGION_FIELDS } from './region-config';

/** Values of the string fields that take one of a few. */
export const REGION_FIELD_ENUMS: Readonly<Record<string, readonly string[]>> = {
  natGateways: ['per-az', 'single'],
  webPredictiveScaling: ['off', 'forecast-only', 'forecast-and-scale'],
  webCpuCredits: ['standard', 'unlimited'],
};

/** Where the schema is checked in, relative to the repository root. */
export const REGION_SCHEMA_FILE = 'packages/regional-stack/region.schema.json';

/**
 * The JSON Schema (draft 2020-12) of `apps/<region>/region.json`, built from the field table and
 * the modules' limits (`REGION_FIELD_LIMITS`), so an editor flags what the synth would refuse.
 * The synth checks more than a schema can say (CIDR overlap, certificate regions, the workload
 * derivation); the schema's ranges are the same ones.
 */
export function regionConfigJsonSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = { $schema: { type: 'string' } };
  const required: string[] = [];
  for (const [field, kind] of Object.entries(REGION_FIELDS)) {
    const limit = REGION_FIELD_LIMITS[field as keyof typeof REGION_FIELD_LIMITS];
    const base = kind.replace(/^(optional|derivable)-/, '');
    const property: Record<string, unknown> =
      base === 'integer' ? { type: 'integer' } : base === 'object' ? { type: 'object' } : { type: 'string', minLength: 1 };
    if (limit) Object.assign(property, { minimum: limit.min, maximum: limit.max, description: limit.why });
    if (REGION_FIELD_ENUMS[field]) property.enum = [...REGION_FIELD_ENUMS[field]];
    if (kind.startsWith('derivable-')) property.description = 'Required unless workload derives it';
    properties[field] = property;
    if (!kind.startsWith('optional-') && !kind.startsWith('derivable-')) required.push(field);
  }
  const derivable = Object.entries(REGION_FIELDS).filter(([, k]) => k.startsWith('derivable-')).map(([f]) => f);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'phi-stack region.json',
    description: `Generated from packages/regional-stack/src/region-config.ts and the modules' limits by 'npx tsx packages/regional-stack/src/region-schema.ts --write'; do not edit.`,
    type: 'object',
    additionalProperties: false,
    required,
    properties,
    // Without a workload block, the fields it would derive are required.
    if: { not: { required: ['workload'] } },
    then: { required: derivable },
  };
}

/** The schema file's text. */
export function regionConfigJsonSchemaText(): string {
  return `${JSON.stringify(regionConfigJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('node:path') as typeof import('node:path');
  const file = path.resolve(__dirname, '../../..', REGION_SCHEMA_FILE);
  if (process.argv.includes('--write')) fs.writeFileSync(file, regionConfigJsonSchemaText());
  else process.stdout.write(regionConfigJsonSchemaText());
}
