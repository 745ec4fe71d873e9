// Part of the export registry (src/standards/registry.ts), in its own module because the DCAT
// and CKAN producers that the registry lists read it too.
import type { UiKey } from '../i18n/index.ts';
import type { DerivedKind } from '../lib/urls.ts';

/**
 * Downloads the build derives from each table (resources with a Table Schema): linked next to the
 * original on the dataset page, and listed as extra DCAT distributions and CKAN resources.
 */
export interface DerivedFormat {
  kind: DerivedKind;
  mediaType: string;
  /** Short format name (DCAT file type, CKAN `format`). */
  format: 'CSV' | 'JSON';
  label: UiKey;
  describes: string;
}

export const DERIVED_FORMATS: readonly DerivedFormat[] = [
  { kind: 'spreadsheet.csv', mediaType: 'text/csv', format: 'CSV', label: 'preview.download.spreadsheet', describes: 'CSV for spreadsheets in the portal locale, formulas neutralised' },
  { kind: 'rows.json', mediaType: 'application/json', format: 'JSON', label: 'preview.download.json', describes: 'JSON array of typed rows' },
];
