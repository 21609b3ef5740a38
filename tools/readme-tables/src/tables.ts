// Props and outputs tables of the package READMEs, generated from the TypeScript sources so that
// the docs cannot drift from the code (issue 16). A README asks for a table with a marker pair:
//
//   <!-- generated:props VpcAzsProps -->   ...   <!-- generated:end -->
//   <!-- generated:outputs VpcAzs -->      ...   <!-- generated:end -->
//
// `props` lists the members of an exported interface (its leading required ones, then those of the
// interfaces it extends, its package's own or imported from another `@phi-stack/` package, then the
// rest); `outputs` lists the public readonly instance fields of an
// exported class. Each row takes the member's type as written, its `@default` tag, and the first
// paragraph of its doc comment.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export type TableKind = 'props' | 'outputs';

const MARKER = /<!-- generated:(props|outputs) ([A-Za-z_][A-Za-z0-9_]*) -->\n[\s\S]*?<!-- generated:end -->/g;

/** Every `.ts` file under a package's `src/`, sorted. */
export function sourceFiles(packageDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(path.join(packageDir, 'src'));
  return out;
}

interface Declarations {
  readonly interfaces: Map<string, ts.InterfaceDeclaration>;
  readonly classes: Map<string, ts.ClassDeclaration>;
}

function declarations(files: readonly string[]): Declarations {
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const classes = new Map<string, ts.ClassDeclaration>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
      if (ts.isClassDeclaration(statement) && statement.name) classes.set(statement.name.text, statement);
    }
  }
  return { interfaces, classes };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

function jsDocOf(node: ts.Node): { text: string; defaultTag?: string } {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const doc = docs[docs.length - 1];
  if (!doc) return { text: '' };
  const comment = ts.getTextOfJSDocComment(doc.comment) ?? '';
  const firstParagraph = comment.split(/\n\s*\n/)[0];
  const tag = doc.tags?.find((t) => t.tagName.text === 'default');
  return { text: firstParagraph, defaultTag: tag ? (ts.getTextOfJSDocComment(tag.comment) ?? '') : undefined };
}

/** The Default column: a value in code format, or the words after `- `. */
function defaultCell(optional: boolean, tag: string | undefined): string {
  if (tag === undefined) return optional ? '-' : 'required';
  const text = oneLine(tag);
  if (text.startsWith('- ')) return cell(text.slice(2));
  const [value, ...rest] = text.split(/ - /);
  return `\`${cell(value)}\`${rest.length > 0 ? ` (${cell(rest.join(' - '))})` : ''}`;
}

function typeCell(node: ts.TypeNode | undefined): string {
  return node ? `\`${cell(node.getText())}\`` : '-';
}

/** The declarations of a package's `src/`, read once per package directory. */
type Loader = (packageDir: string) => Declarations;

function loader(): Loader {
  const cache = new Map<string, Declarations>();
  return (packageDir) => {
    const dir = path.resolve(packageDir);
    if (!cache.has(dir)) cache.set(dir, declarations(sourceFiles(dir)));
    return cache.get(dir)!;
  };
}

/**
 * The interface `name` that `child` (in `packageDir`) extends: one of the package's own, or one its
 * file imports by name from another package of the monorepo (`@phi-stack/<dir>`, the sibling
 * `<dir>` of the package, as the tsconfig paths map it). Undefined when it is neither.
 */
function parentInterface(child: ts.InterfaceDeclaration, name: string, packageDir: string, load: Loader): { decl: ts.InterfaceDeclaration; packageDir: string } | undefined {
  const own = load(packageDir).interfaces.get(name);
  if (own) return { decl: own, packageDir };
  for (const statement of child.getSourceFile().statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = /^@phi-stack\/([a-z0-9-]+)$/.exec(statement.moduleSpecifier.text);
    const bindings = statement.importClause?.namedBindings;
    if (!from || !bindings || !ts.isNamedImports(bindings)) continue;
    const element = bindings.elements.find((e) => e.name.text === name);
    if (!element) continue;
    const dir = path.join(path.dirname(path.resolve(packageDir)), from[1]);
    if (!fs.existsSync(path.join(dir, 'src'))) return undefined;
    const decl = load(dir).interfaces.get(element.propertyName?.text ?? element.name.text);
    return decl ? { decl, packageDir: dir } : undefined;
  }
  return undefined;
}

/**
 * The rows of interface `name`: its leading required members (the ones a caller writes first, like
 * `name`), then the members of the interfaces it extends (recursively, in the same order), then its
 * other members. A member the interface declares again is listed once, where the interface has it.
 */
function propsRows(name: string, decl: ts.InterfaceDeclaration | undefined, packageDir: string, load: Loader, where: string, problems: string[], seen = new Set<string>()): string[] {
  if (!decl) throw new Error(`${where}: no exported interface ${name} in the package's src/`);
  const own: { row: string; required: boolean }[] = [];
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member) || !member.name) continue;
    const prop = member.name.getText();
    if (seen.has(prop)) continue;
    seen.add(prop);
    const doc = jsDocOf(member);
    if (!doc.text) problems.push(`${where}: ${name}.${prop} has no doc comment: say what it is`);
    own.push({ row: `| \`${prop}\` | ${typeCell(member.type)} | ${defaultCell(Boolean(member.questionToken), doc.defaultTag)} | ${cell(doc.text)} |`, required: !member.questionToken && doc.defaultTag === undefined });
  }
  const inherited: string[] = [];
  for (const clause of decl.heritageClauses ?? []) {
    for (const parent of clause.types) {
      const parentName = parent.expression.getText();
      const found = parentInterface(decl, parentName, packageDir, load);
      if (!found) throw new Error(`${where}: ${name} extends ${parentName}, which is neither an exported interface of the package's src/ nor one imported by name from @phi-stack/<package>: its members would be missing from the table`);
      inherited.push(...propsRows(parentName, found.decl, found.packageDir, load, where, problems, seen));
    }
  }
  const leading = own.findIndex((o) => !o.required);
  const split = leading === -1 ? own.length : leading;
  return [...own.slice(0, split).map((o) => o.row), ...inherited, ...own.slice(split).map((o) => o.row)];
}

function outputRows(name: string, found: Declarations, where: string, problems: string[]): string[] {
  const decl = found.classes.get(name);
  if (!decl) throw new Error(`${where}: no exported class ${name} in the package's src/`);
  const rows: string[] = [];
  for (const member of decl.members) {
    if (!ts.isPropertyDeclaration(member) || !member.name) continue;
    const flags = ts.getCombinedModifierFlags(member);
    if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) continue;
    if (!(flags & ts.ModifierFlags.Readonly) || ts.isPrivateIdentifier(member.name)) continue;
    const field = member.name.getText();
    const doc = jsDocOf(member);
    if (!doc.text) problems.push(`${where}: ${name}.${field} has no doc comment: say what it holds`);
    rows.push(`| \`${field}\` | ${typeCell(member.type)} | ${cell(doc.text)} |`);
  }
  return rows;
}

/** One generated table, markers included. */
export function renderTable(kind: TableKind, name: string, packageDir: string, load: Loader, where: string, problems: string[]): string {
  const found = load(packageDir);
  const head = kind === 'props' ? ['| Prop | Type | Default | Description |', '|---|---|---|---|'] : ['| Field | Type | Description |', '|---|---|---|'];
  const rows = kind === 'props' ? propsRows(name, found.interfaces.get(name), packageDir, load, where, problems) : outputRows(name, found, where, problems);
  return [`<!-- generated:${kind} ${name} -->`, `<!-- Generated from src/ by tools/readme-tables: edit the doc comments, then run npx tsx tools/readme-tables/src/cli.ts --write -->`, ...head, ...rows, '<!-- generated:end -->'].join('\n');
}

/**
 * The README with every marked table regenerated from the package's sources. Throws, listing every
 * member without a doc comment, when a table would have an empty description.
 */
export function regenerate(readme: string, packageDir: string, where = path.join(packageDir, 'README.md')): string {
  const load = loader();
  const problems: string[] = [];
  const out = readme.replace(MARKER, (_all, kind: TableKind, name: string) => renderTable(kind, name, packageDir, load, where, problems));
  if (problems.length > 0) throw new Error(`${problems.length} undocumented members:\n  ${problems.join('\n  ')}`);
  return out;
}

/** The number of marked tables in a README. */
export function tableCount(readme: string): number {
  return [...readme.matchAll(MARKER)].length;
}
