import { extname } from 'node:path';

/** File formats the portal recognises by extension, with their media type. */
const FORMATS: Record<string, { format: string; mediaType: string; tabular?: boolean }> = {
  '.csv': { format: 'csv', mediaType: 'text/csv', tabular: true },
  '.tsv': { format: 'tsv', mediaType: 'text/tab-separated-values', tabular: true },
  '.json': { format: 'json', mediaType: 'application/json' },
  '.geojson': { format: 'geojson', mediaType: 'application/geo+json' },
  '.xlsx': { format: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  '.xls': { format: 'xls', mediaType: 'application/vnd.ms-excel' },
  '.ods': { format: 'ods', mediaType: 'application/vnd.oasis.opendocument.spreadsheet' },
  '.parquet': { format: 'parquet', mediaType: 'application/vnd.apache.parquet' },
  '.zip': { format: 'zip', mediaType: 'application/zip' },
  '.pdf': { format: 'pdf', mediaType: 'application/pdf' },
  '.txt': { format: 'txt', mediaType: 'text/plain' },
  '.xml': { format: 'xml', mediaType: 'application/xml' },
};

export function formatOf(path: string, declared?: string): { format: string; mediaType: string; tabular: boolean } {
  const byExt = FORMATS[extname(path).toLowerCase()];
  const format = (declared ?? byExt?.format ?? (extname(path).slice(1).toLowerCase() || 'bin')).toLowerCase();
  const known = Object.values(FORMATS).find((f) => f.format === format);
  return { format, mediaType: known?.mediaType ?? byExt?.mediaType ?? 'application/octet-stream', tabular: Boolean(known?.tabular) };
}
