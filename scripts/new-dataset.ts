// npm run new-dataset -- <file> [--slug SLUG] [--sector ID] [--publisher ID] [--content DIR]
// From a CSV, JSON or GeoJSON file to a dataset folder: infers the Table Schema, writes
// datasets/<slug>/ (the file unchanged, <name>.schema.json, dataset.yaml with placeholders where
// nothing is known), then validates the content folder exactly as `npm run validate` does.
import { resolve } from 'node:path';
import { closest } from '../src/lib/did-you-mean.ts';
import { newDataset, NewDatasetError } from '../src/infer/new-dataset.ts';
import type { Field } from '../src/tableschema/index.ts';
import { runValidation } from './cli.ts';

const USAGE = 'usage: npm run new-dataset -- <file> [--slug SLUG] [--sector ID] [--publisher ID] [--content DIR]';
const FLAGS = ['--slug', '--sector', '--publisher', '--content'] as const;

function fail(message: string, code = 1): never {
  process.stderr.write(`✗ ${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): { file: string; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(FLAGS as readonly string[]).includes(flag)) {
      const guess = closest(flag, FLAGS);
      fail(`unknown option ${flag}${guess ? ` (did you mean ${guess}?)` : ''}\n${USAGE}`, 2);
    }
    // `--slug --sector health`: --slug has no value (an option's value never starts with "--", unless written --slug=…).
    const value = inline ?? (argv[i + 1]?.startsWith('--') ? undefined : argv[++i]);
    if (value === undefined || value === '') fail(`${flag} needs a value\n${USAGE}`, 2);
    flags[flag.slice(2)] = value;
  }
  if (files.length !== 1) fail(`${files.length === 0 ? 'give the file to publish' : `one file at a time (got ${files.join(', ')})`}\n${USAGE}`, 2);
  return { file: files[0]!, flags };
}

function describe(f: Field): string {
  const parts: string[] = [f.type];
  if (f.format) parts.push(`format ${f.format}`);
  if (f.decimalChar) parts.push(`decimal "${f.decimalChar}"`);
  if (f.groupChar) parts.push(`thousands "${f.groupChar}"`);
  if (f.trueValues) parts.push(`${f.trueValues[0]}/${f.falseValues?.[0]}`);
  const e = f.constraints?.enum;
  if (e) parts.push(`one of ${e.join(', ')}`);
  return parts.join(', ');
}

const { file, flags } = parseArgs(process.argv.slice(2));
const content = resolve(flags.content ?? process.env.PORTAL_CONTENT ?? 'content');
let result;
try {
  result = await newDataset({ file, content, slug: flags.slug, sector: flags.sector, publisher: flags.publisher });
} catch (e) {
  if (e instanceof NewDatasetError) fail(e.message);
  throw e;
}
const { inference } = result;
const out = process.stdout;
out.write(`✓ wrote ${result.dir}/: ${result.files.join(', ')}\n`);
out.write(`  ${inference.format.toUpperCase()}, ${inference.rows.toLocaleString('en-US')} rows, ${inference.schema.fields.length} columns:\n`);
for (const f of inference.schema.fields) out.write(`    ${f.name}: ${describe(f)}\n`);
if (inference.schema.missingValues.length > 1) out.write(`  no-value markers: ${inference.schema.missingValues.map((m) => JSON.stringify(m)).join(', ')}\n`);
out.write(`  primary key: ${inference.schema.primaryKey?.join(', ') ?? 'none (no column or pair of columns is unique)'}\n`);
for (const n of inference.notes) out.write(`  note: ${n}\n`);

// The same check as `npm run validate`, on the same content folder.
process.env.PORTAL_CONTENT = content;
out.write(`\nnpm run validate:\n`);
const { report } = await runValidation(out);
const mine = report.issues.filter((i) => i.file.startsWith(`${result.dir}/`));
const dataProblems = mine.filter((i) => i.file !== `${result.dir}/dataset.yaml`);
if (mine.length > 0) out.write(`\nNext: edit ${result.dir}/dataset.yaml and replace each TODO reported above, then run \`npm run validate\`.\n`);
process.exit(dataProblems.length > 0 ? 1 : 0);
