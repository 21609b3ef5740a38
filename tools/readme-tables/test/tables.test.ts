import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { regenerate, tableCount } from '../src/tables';

function pkg(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-tables-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'thing.ts'), source);
  return dir;
}

const SOURCE = `
export interface BaseProps {
  /** Tags of every resource. */
  readonly tags?: Record<string, string>;
}
export interface ThingProps extends BaseProps {
  /** Name of the thing: 2-24 lowercase letters.
   *
   * A second paragraph that stays out of the table. */
  readonly name: string;
  /**
   * Mode, \`a\` or \`b\`.
   * @default 'a'
   */
  readonly mode?: 'a' | 'b';
  /**
   * Retention.
   * @default - six years, the audit class
   */
  readonly retentionDays?: number;
  /** An optional prop without a default. */
  readonly reason?: string;
}
export class Thing {
  /** Id of the thing. */
  public readonly thingId: string = 'x';
  /** Counted, not shown. */
  private readonly secret = 1;
  /** A static constant, not an output. */
  public static readonly KIND = 'thing';
  /** Mutable, not an output. */
  public count = 0;
}
`;

const README = `# thing\n\n## Props\n\n<!-- generated:props ThingProps -->\nstale\n<!-- generated:end -->\n\n## Outputs\n\n<!-- generated:outputs Thing -->\n<!-- generated:end -->\n`;

describe('readme tables', () => {
  it('renders props with types, defaults, required members, inherited members (after the leading required ones) and the first paragraph only', () => {
    const out = regenerate(README, pkg(SOURCE));
    expect(tableCount(out)).toBe(2);
    const props = out.slice(out.indexOf('<!-- generated:props ThingProps -->'), out.indexOf('## Outputs'));
    expect(props.split('\n').filter((l) => l.startsWith('| `'))).toEqual([
      '| `name` | `string` | required | Name of the thing: 2-24 lowercase letters. |',
      '| `tags` | `Record<string, string>` | - | Tags of every resource. |',
      "| `mode` | `'a' \\| 'b'` | `'a'` | Mode, `a` or `b`. |",
      '| `retentionDays` | `number` | six years, the audit class | Retention. |',
      '| `reason` | `string` | - | An optional prop without a default. |',
    ]);
    expect(out).not.toContain('stale');
    expect(out).not.toContain('second paragraph');
  });

  it('follows extends into another @phi-stack package, by the imported name, and lists each member once', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-tables-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('packages/core/src/placement.ts', 'export interface PlacementProps extends ZoneProps {\n  /** VPC of the subnets. */\n  readonly vpcId: string;\n  /** Port, shadowed. */\n  readonly port?: number;\n}\n');
    write('packages/core/src/zones.ts', 'export interface ZoneProps {\n  /** Zones of the subnets. @default - looked up */\n  readonly zones?: string[];\n}\n');
    write('packages/thing/src/thing.ts', "import { PlacementProps as Placement } from '@phi-stack/core';\nexport interface ThingProps extends Placement {\n  /** Name. */\n  readonly name: string;\n  /** Port of the thing. @default 80 */\n  readonly port?: number;\n}\n");
    const out = regenerate('<!-- generated:props ThingProps -->\n<!-- generated:end -->', path.join(root, 'packages', 'thing'));
    expect(out.split('\n').filter((l) => l.startsWith('| `'))).toEqual([
      '| `name` | `string` | required | Name. |',
      '| `vpcId` | `string` | required | VPC of the subnets. |',
      '| `zones` | `string[]` | looked up | Zones of the subnets. |',
      '| `port` | `number` | `80` | Port of the thing. |',
    ]);
  });

  it('fails on a parent interface it cannot find, rather than leave its members out', () => {
    const dir = pkg("import { Elsewhere } from 'some-library';\nexport interface ThingProps extends Elsewhere {\n  /** Name. */\n  readonly name: string;\n}\n");
    expect(() => regenerate('<!-- generated:props ThingProps -->\n<!-- generated:end -->', dir, 'x/README.md')).toThrow(
      "x/README.md: ThingProps extends Elsewhere, which is neither an exported interface of the package's src/ nor one imported by name from @phi-stack/<package>",
    );
  });

  it('lists public readonly instance fields only as outputs', () => {
    const out = regenerate(README, pkg(SOURCE));
    const outputs = out.slice(out.indexOf('<!-- generated:outputs Thing -->'));
    expect(outputs.split('\n').filter((l) => l.startsWith('| `'))).toEqual(['| `thingId` | `string` | Id of the thing. |']);
  });

  it('is stable: a regenerated README regenerates to itself', () => {
    const dir = pkg(SOURCE);
    const once = regenerate(README, dir);
    expect(regenerate(once, dir)).toBe(once);
  });

  it('names every undocumented member and a missing declaration', () => {
    const dir = pkg('export interface ThingProps {\n  readonly name: string;\n  readonly other?: number;\n}\nexport class Thing {}\n');
    expect(() => regenerate(README, dir, 'packages/thing/README.md')).toThrow(
      '2 undocumented members:\n  packages/thing/README.md: ThingProps.name has no doc comment: say what it is\n  packages/thing/README.md: ThingProps.other has no doc comment: say what it is',
    );
    expect(() => regenerate('<!-- generated:props Missing -->\n<!-- generated:end -->', dir, 'x/README.md')).toThrow('x/README.md: no exported interface Missing in the package');
  });

  it('keeps every package README of the repository in step with its sources', () => {
    const root = path.resolve(__dirname, '../../..');
    let tables = 0;
    for (const name of fs.readdirSync(path.join(root, 'packages'))) {
      const file = path.join(root, 'packages', name, 'README.md');
      if (!fs.existsSync(file)) continue;
      const readme = fs.readFileSync(file, 'utf8');
      tables += tableCount(readme);
      expect(regenerate(readme, path.join(root, 'packages', name))).toBe(readme);
    }
    expect(tables).toBeGreaterThanOrEqual(12);
  });
});
