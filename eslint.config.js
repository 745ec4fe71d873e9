// ESLint: TypeScript and Astro files, no import cycles, and the layers of docs/architecture.md
// as rules (what each folder may import). Formatting is Prettier's job (npm run format).
import astro from 'eslint-plugin-astro';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Forbid value imports from the given relative patterns (type-only imports stay allowed: they vanish at build). */
const layer = (files, patterns, message) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message, allowTypeImports: true }] }],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'dist.builds/', '.dist.trash/', 'node_modules/', '.astro/', '.bench/', 'tests/.tmp/', 'coverage/', 'var/', 'schemas/'] },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Layers (docs/architecture.md): lib depends on nothing; config and tableschema only on lib.
  layer(['src/lib/**'], ['../*'], 'src/lib/ depends on nothing else in the project.'),
  layer(['src/config/**', 'src/tableschema/**'], ['../*', '!../lib', '!../lib/*'], 'src/config/ and src/tableschema/ may import only src/lib/.'),
  // The server never loads the content folder: what it needs is written at build time into dist/portal/.
  {
    // These API addresses are prerendered at build time, like the pages.
    ...layer(
      ['src/server/**', 'src/live/**', 'src/search/**', 'src/pages/api/**'],
      ['**/content/load*', '**/site/catalog*', 'astro:content'],
      'On-demand code reads dist/portal/ runtime files, never the content folder (docs/architecture.md).',
    ),
    ignores: ['src/pages/api/openapi.json.ts', 'src/pages/api/dashboards/**'],
  },
  // The live-data domain does not know how it is served: src/server/ uses it, never the reverse.
  {
    files: ['src/live/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../server/*'], message: 'src/live/ must not import src/server/ (the server uses live, not the reverse).' }] }] },
  },
  // Browser islands: no Node built-ins.
  {
    files: ['src/components/**/*.tsx', 'src/live/client.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto'], message: 'Browser code cannot use Node built-ins.' }] }] },
  },
);
