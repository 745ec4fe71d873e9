import { buildTime } from '../lib/build-time.ts';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, LoadedDataset, LoadedResource } from '../content/load.ts';
import { compileTableSchema, readTable } from '../tableschema/index.ts';
import { parseRule } from './plausibility.ts';
import type { LiveDataset, LiveRuntime, Reporter } from './types.ts';

/** The published file's rows, cast with the resource's Table Schema: the live dataset's starting content. */
async function seedRows(ds: LoadedDataset, resourceName: string): Promise<Record<string, unknown>[]> {
  const r = ds.resources.find((x) => x.name === resourceName)!;
  return castRows(r);
}

async function castRows(r: LoadedResource): Promise<Record<string, unknown>[]> {
  if (r.format !== 'csv' || !r.tableSchema) return [];
  const schema = compileTableSchema(r.tableSchema);
  const reader = await readTable(r.absPath, { dialect: r.dialect, schema: r.tableSchema });
  const header = reader.header ?? [];
  const headerMap = schema.fieldNames.map((n) => header.indexOf(n));
  const rows: Record<string, unknown>[] = [];
  for await (const rec of reader) {
    // The build refused invalid content, so every row casts; skip any that does not, to be safe.
    const { row, errors } = schema.castRow(rec.cells, headerMap);
    if (errors.length === 0) rows.push(row);
  }
  return rows;
}

/** The declared reporters, without their contacts (the runtime file is not for publishing them). */
async function reportersOf(ds: LoadedDataset): Promise<Reporter[] | undefined> {
  const file = ds.reporters;
  if (!file) return undefined;
  const entries = file.kind === 'yaml' ? file.entries : await castRows(file.table);
  return entries.map((e) => {
    const r: Reporter = { id: String(e.id), name: String(e.name) };
    if (e.territory) r.territory = String(e.territory);
    if (e.periods) r.periods = e.periods as Reporter['periods'];
    return r;
  });
}

export async function liveRuntime(catalog: Catalog): Promise<LiveRuntime> {
  const datasets: LiveDataset[] = [];
  for (const ds of catalog.datasets) {
    const live = ds.config.live;
    if (!live) continue;
    const r = ds.resources.find((x) => x.name === live.resource);
    if (!r?.tableSchema) continue;
    const key = live.key ?? r.tableSchema.primaryKey ?? [];
    const dateFields = r.tableSchema.fields.filter((f) => f.type === 'date').map((f) => f.name);
    const rows = await seedRows(ds, live.resource);
    datasets.push({
      slug: ds.slug,
      title: ds.config.title,
      publisher: ds.config.publisher,
      frequency: ds.config.frequency,
      resource: r.name,
      path: r.path,
      tableSchema: r.tableSchema,
      key,
      reporter: live.reporter,
      reporters: await reportersOf(ds),
      plausibility: { start: ds.config.temporal?.start, futureDays: live.futureDays ?? 0, rules: (live.rules ?? []).map((r) => parseRule(r)!).filter(Boolean) },
      jump: live.jump && {
        factor: live.jump.factor,
        fields: live.jump.fields ?? r.tableSchema.fields.filter((f) => (f.type === 'integer' || f.type === 'number') && !key.includes(f.name) && f.name !== live.reporter).map((f) => f.name),
      },
      dateField: key.find((k) => dateFields.includes(k)) ?? dateFields[0],
      seed: { digest: createHash('sha256').update(JSON.stringify(rows)).digest('hex'), rows },
    });
  }
  return { builtAt: buildTime(), datasets };
}

/** Write <dist>/portal/live.json, read once by the server at start. */
export async function writeLiveRuntime(catalog: Catalog, portalDir: string): Promise<number> {
  const runtime = await liveRuntime(catalog);
  writeFileSync(join(portalDir, 'live.json'), JSON.stringify(runtime));
  return runtime.datasets.length;
}
