// npm run bundle -- <dir>: a self-contained folder to deploy an existing build (PORTAL_DIST,
// default ./dist) on a machine that has only Node:
//   <dir>/dist/           the built site, as built (pages, files, precompressed copies, server routes)
//   <dir>/server.mjs      scripts/serve.ts and the src/ modules it imports, in one file (esbuild);
//                         npm packages stay imports, installed by npm ci like any dependency
//   <dir>/package.json    only the dependencies the server imports at run time, a "start" script
//   <dir>/package-lock.json  the project's lockfile pruned to those: the same versions as tested
// Then, in <dir>: `npm ci --omit=dev && npm start` (HOST, PORT and the other variables as usual).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const target = process.argv[2];
if (!target) {
  console.error('usage: npm run bundle -- <dir>   (writes the deployable folder there)');
  process.exit(2);
}
const out = resolve(target);
const dist = resolve(process.env.PORTAL_DIST || join(ROOT, 'dist'));
if (!existsSync(join(dist, 'server', 'entry.mjs'))) {
  console.error(`No built site in ${dist}: run "npm run build" first.`);
  process.exit(1);
}
if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, 'server.mjs'))) {
  // Never empty a folder that is not an earlier bundle.
  console.error(`${out} exists and is not an earlier bundle: choose an empty or new folder.`);
  process.exit(1);
}
rmSync(join(out, 'dist'), { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The server: TypeScript compiled and joined into one ES module, so the bundle needs no tsx.
const result = await build({
  entryPoints: [join(ROOT, 'scripts', 'serve.ts')],
  outfile: join(out, 'server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
  banner: { js: '// Built by `npm run bundle` from scripts/serve.ts; see the project README.' },
});
// dist/ is a link to the build being served (src/server/builds.ts): the bundle gets that build.
// Without the link a build outside the project has to its node_modules (src/server/builds.ts).
const built = realpathSync(dist);
cpSync(built, join(out, 'dist'), { recursive: true, filter: (from) => from !== join(built, 'node_modules') });

// Which packages the server imports: server.mjs (from esbuild) and the built routes in dist/server.
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
const imported = new Set<string>();
for (const output of Object.values(result.metafile.outputs)) for (const i of output.imports) if (i.external && !builtins.has(i.path)) imported.add(packageOf(i.path));
// `astro/runtime/…` is imported with a computed name (security-headers.ts): esbuild cannot see it.
imported.add('astro');
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.@-]+)*)["']/g;
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.m?js$/.test(e.name) ? [join(dir, e.name)] : []));
for (const file of walk(join(dist, 'server'))) for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) if (!builtins.has(m[1]!)) imported.add(packageOf(m[1]!));

interface Lock {
  packages: Record<string, { version?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  overrides?: unknown;
  allowScripts?: unknown;
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
// A package the built routes import without being a dependency of the project itself comes with
// one that is (send with @astrojs/node, clsx with astro): keep that one.
const provides = (d: string, name: string) => {
  const entry = lock.packages[`node_modules/${d}`] ?? {};
  return [entry.dependencies, entry.optionalDependencies, entry.peerDependencies].some((deps) => deps !== undefined && name in deps);
};
const keep = new Set([...imported].filter((name) => pkg.dependencies[name]));
for (const name of imported) {
  if (keep.has(name) || [...keep].some((d) => provides(d, name))) continue;
  const carriers = Object.keys(pkg.dependencies).filter((d) => provides(d, name));
  if (carriers.length === 0) throw new Error(`the server imports "${name}", which no dependency of package.json provides`);
  for (const c of carriers) keep.add(c);
}
const dependencies = Object.fromEntries(Object.entries(pkg.dependencies).filter(([d]) => keep.has(d)));
writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify(
    {
      name: `${pkg.name}-server`,
      version: pkg.version,
      private: true,
      license: pkg.license,
      type: 'module',
      engines: pkg.engines,
      scripts: { start: 'node server.mjs' },
      dependencies,
      ...(pkg.overrides ? { overrides: pkg.overrides } : {}),
      ...(pkg.allowScripts ? { allowScripts: pkg.allowScripts } : {}),
    },
    null,
    2,
  )}\n`,
);
// The project's lockfile, pruned by npm itself to the dependencies above (no version changes:
// every kept package is already resolved in it, so this reads no registry).
cpSync(join(ROOT, 'package-lock.json'), join(out, 'package-lock.json'));
execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: out, stdio: ['ignore', 'ignore', 'inherit'] });
const dropped = Object.keys(pkg.dependencies).filter((d) => !keep.has(d));
console.log(`Bundled ${dist} into ${out}: ${Object.keys(dependencies).length} dependencies (left out, build only: ${dropped.join(', ') || 'none'}).`);
console.log(`Deploy: copy the folder, then in it: npm ci --omit=dev && npm start`);
