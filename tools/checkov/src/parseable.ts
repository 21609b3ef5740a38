/**
 * Top-level blocks of a synthesized cdk.tf.json that the pinned checkov (3.3.30) cannot parse:
 * its terraform_json parser reads a top-level array as single-key objects keyed by a block label,
 * so the label-less `moved` and `import` blocks (`[{ "from": …, "to": … }]`) make it fail the whole
 * file ("this method receives only dicts"). They configure no resource, so nothing is left unchecked.
 */
export const UNPARSEABLE_BLOCKS: readonly string[] = ['moved', 'import'];

/** `config` without the blocks checkov cannot parse, or undefined when it has none. */
export function checkovParseable(config: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!UNPARSEABLE_BLOCKS.some((block) => block in config)) return undefined;
  return Object.fromEntries(Object.entries(config).filter(([block]) => !UNPARSEABLE_BLOCKS.includes(block)));
}
