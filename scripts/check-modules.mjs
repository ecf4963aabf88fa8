// `npm run lint`, second half (after ESLint): two checks over the module graph that TypeScript
// itself resolves (the same tsconfig.json, package `exports` and workspace links as `npm run typecheck`).
//
// 1. No unused exports: every `export` of a module is imported by some other module. Entry points
//    count as used whole: each service's and package's main.ts and *.cli.ts, each package.json
//    `exports` target (a package's index.ts), tests (*.test.ts, tests/), scripts/ and drizzle.config.ts.
//    Fix a finding by deleting the export keyword (or the code, if nothing in its own file uses it).
// 2. Every workspace declares what it imports: each bare import in packages/<name>/ or services/<name>/
//    is in that workspace's package.json (production code: "dependencies"; tests and test-support:
//    "dependencies" or "devDependencies"), external packages at the root's exact version, @bej/*
//    workspaces as "*"; nothing declared goes unused. Files at the root (tests/, scripts/) check
//    against the root package.json, where the workspaces themselves need no entry.
//
// `node scripts/check-modules.mjs` prints one line per finding and exits 1 when there is any.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(new URL('..', import.meta.url).pathname);
const rel = (file) => relative(root, file).split(sep).join('/');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const problems = [];

// ---- the program, as `npm run typecheck` builds it
const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const checker = program.getTypeChecker();
const ownFiles = program
  .getSourceFiles()
  .filter((sf) => !sf.isDeclarationFile && !sf.fileName.includes('/node_modules/') && sf.fileName.startsWith(root + sep));

// ---- workspaces
const rootPkg = readJson(join(root, 'package.json'));
const workspaces = ['packages', 'services'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .map((name) => `${dir}/${name}`)
    .filter((ws) => existsSync(join(root, ws, 'package.json')))
    .map((ws) => ({ dir: ws, pkg: readJson(join(root, ws, 'package.json')) })),
);
const workspaceNames = new Set(workspaces.map((ws) => ws.pkg.name));
const workspaceOf = (relPath) => workspaces.find((ws) => relPath.startsWith(`${ws.dir}/`));

// ---- 1. unused exports
/** Each package.json `exports` target that is TypeScript source (the "default" condition). */
const exportTargets = new Set();
for (const ws of workspaces) {
  const collect = (entry) => {
    if (typeof entry === 'string') {
      if (entry.endsWith('.ts')) exportTargets.add(`${ws.dir}/${entry.replace(/^\.\//, '')}`);
    } else if (entry && typeof entry === 'object') Object.values(entry).forEach(collect);
  };
  collect(ws.pkg.exports);
}
const isTest = (p) => p.endsWith('.test.ts') || p.includes('/test-support/');
const isEntry = (p) =>
  exportTargets.has(p) ||
  /^(packages|services)\/[^/]+\/src\/main\.ts$/.test(p) ||
  p.endsWith('.cli.ts') ||
  p.endsWith('.test.ts') ||
  p.startsWith('tests/') ||
  p.startsWith('scripts/') ||
  p === 'drizzle.config.ts';

const target = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
const used = new Set();
const markAll = (moduleSymbol) => {
  if (!moduleSymbol) return;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) used.add(target(exported));
};
const moduleOf = (specifier) => {
  const symbol = checker.getSymbolAtLocation(specifier);
  return symbol && symbol.flags & ts.SymbolFlags.ValueModule ? symbol : undefined;
};

for (const sf of ownFiles) {
  if (isEntry(rel(sf.fileName))) markAll(checker.getSymbolAtLocation(sf));
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && node.importClause) {
      const clause = node.importClause;
      if (clause.name) used.add(target(checker.getSymbolAtLocation(clause.name)));
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) markAll(moduleOf(node.moduleSpecifier));
      else if (bindings) for (const el of bindings.elements) used.add(target(checker.getSymbolAtLocation(el.name)));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      if (clause && ts.isNamespaceExport(clause)) markAll(moduleOf(node.moduleSpecifier));
      else if (clause) for (const el of clause.elements) used.add(target(checker.getSymbolAtLocation(el.name)));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      markAll(moduleOf(node.arguments[0]));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      markAll(moduleOf(node.argument.literal));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

for (const sf of ownFiles) {
  const path = rel(sf.fileName);
  if (isEntry(path)) continue;
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const original = target(exported);
    const declaration = (exported.declarations ?? [])[0];
    // Re-exports (`export … from`, `export *`) are judged where the thing is declared.
    if (!declaration || declaration.getSourceFile() !== sf) continue;
    if ((original.declarations ?? []).some((d) => d.getSourceFile() !== sf)) continue;
    if (used.has(original)) continue;
    const { line } = sf.getLineAndCharacterOfPosition(declaration.getStart());
    problems.push(`${path}:${line + 1}: export "${exported.name}" is imported by no other module (drop the export, or the code)`);
  }
}

// ---- 2. declared dependencies
const packageName = (specifier) => {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return undefined;
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};
/** Every file a workspace (or the root) owns: the program's files plus its plain JS (bin/, web assets). */
const jsFiles = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'dist', 'test-output', 'examples', '.git', 'fixtures'].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(mjs|cjs|js)$/.test(name)) jsFiles.push(path);
  }
};
walk(root);
const importsOf = new Map(); // rel path -> package names
for (const sf of ownFiles) {
  const names = new Set();
  for (const ref of ts.preProcessFile(sf.text, true, true).importedFiles) {
    const name = packageName(ref.fileName);
    if (name) names.add(name);
  }
  importsOf.set(rel(sf.fileName), names);
}
for (const file of jsFiles) {
  const names = new Set();
  for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
    const name = packageName(ref.fileName);
    if (name) names.add(name);
  }
  importsOf.set(rel(file), names);
}

const rootVersions = { ...rootPkg.dependencies, ...rootPkg.devDependencies };
const owners = [{ dir: '.', pkg: rootPkg, isRoot: true }, ...workspaces];
for (const owner of owners) {
  const deps = owner.pkg.dependencies ?? {};
  const devDeps = owner.pkg.devDependencies ?? {};
  const seen = new Set();
  const missing = new Map(); // package -> first file importing it undeclared
  for (const [path, names] of importsOf) {
    if ((workspaceOf(path) ?? { dir: '.' }).dir !== owner.dir) continue;
    for (const name of names) {
      if (name === owner.pkg.name) continue;
      if (owner.isRoot && workspaceNames.has(name)) continue;
      seen.add(name);
      const declared = deps[name] ?? (isTest(path) || owner.isRoot ? devDeps[name] : undefined);
      if (declared === undefined && !missing.has(name)) missing.set(name, path);
    }
  }
  for (const [name, path] of missing) {
    const where = devDeps[name] !== undefined ? '"dependencies" (it is only in "devDependencies")' : 'its dependencies';
    problems.push(`${owner.dir}/package.json: ${name} is imported (${path}) but not declared in ${where}`);
  }
  if (owner.isRoot) continue;
  for (const [name, version] of Object.entries({ ...deps, ...devDeps })) {
    const expected = workspaceNames.has(name) ? '*' : rootVersions[name];
    if (expected === undefined) problems.push(`${owner.dir}/package.json: ${name} is not a workspace nor in the root package.json`);
    else if (version !== expected) problems.push(`${owner.dir}/package.json: ${name} is "${version}", expected "${expected}" (the root's)`);
    if (!seen.has(name) && !name.startsWith('@types/')) problems.push(`${owner.dir}/package.json: declares ${name}, which nothing in ${owner.dir} imports`);
  }
}

for (const problem of problems) console.error(`check-modules: ${problem}`);
if (problems.length > 0) {
  console.error(`check-modules: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-modules: ${ownFiles.length} modules, every export used; ${workspaces.length} workspaces declare what they import`);
