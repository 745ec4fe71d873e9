// Reading an already validated table as typed rows, in field order: the one loop the passes over
// published files share (previews, dashboards). Columns are matched to fields by name, as
// validation does, or by position when the file has no header; blank lines are skipped.
import { readTable } from './csv.js';
import type { Dialect } from './dialect.js';
import type { TableSchema } from './model.js';
import { compileTableSchema } from './row.js';

export interface TypedRows extends AsyncIterable<unknown[]> {
  /** Field name → position in each row. */
  index: Map<string, number>;
  close(): Promise<void>;
}

export async function openTypedRows(path: string, schema: TableSchema, dialect?: Dialect): Promise<TypedRows> {
  const fields = schema.fields;
  const n = fields.length;
  const compiled = compileTableSchema(schema);
  const reader = await readTable(path, { dialect, schema });
  const header = reader.header;
  const map = fields.map((f, i) => (header ? header.indexOf(f.name) : i));
  return {
    index: new Map(fields.map((f, i) => [f.name, i])),
    close: () => reader.close(),
    async *[Symbol.asyncIterator]() {
      for await (const rec of reader) {
        const cells = rec.cells;
        if (cells.length === 1 && cells[0] === '' && n > 1) continue;
        yield compiled.castValues(cells, map);
      }
    },
  };
}
