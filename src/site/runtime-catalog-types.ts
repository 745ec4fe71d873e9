import type { LocalizedText } from '../config/localized.ts';
import type { UiStrings } from '../i18n/index.ts';

/**
 * What on-demand routes know about the portal. Written at build time to
 * dist/portal/catalog.json and read once when the server starts, so no request
 * ever walks the content folder (and the server bundle carries no content).
 */
export interface RuntimeCatalog {
  builtAt: string;
  portal: {
    name: LocalizedText;
    tagline?: LocalizedText;
    languages: string[];
    defaultLanguage: string;
    baseUrl: string;
    contact?: string;
    theme: { primaryColor: string; logo?: string };
    sectors: { id: string; title?: LocalizedText; description?: LocalizedText }[];
  };
  ui: Record<string, UiStrings>;
  publishers: { id: string; name: LocalizedText }[];
  datasets: RuntimeDataset[];
}

export interface RuntimeDataset {
  slug: string;
  title: LocalizedText;
  /** Plain-text excerpt of the description, per language. */
  summary: Record<string, string>;
  sector: string;
  publisher: string;
  license: string;
  formats: string[];
  tags: string[];
  frequency: string;
  updated: string;
}
