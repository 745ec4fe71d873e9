// What a dashboard's territory pages and per-territory figures files read when they are answered
// on demand (src/pages/[...lang]/dashboards/[id]/[territory]/ and src/pages/dashboards/[id]/
// figures/territories/): the runtime file the build writes per dashboard with a map layer, so the
// server renders the same page and the same bytes without the content folder or the figures cache.
import type { LocalizedText } from '../config/localized.ts';
import type { IndicatorFigures } from './figures.ts';

/** One indicator as a territory page shows it: its config and its series per territory (after transforms). */
export type TerritoryIndicator = Pick<IndicatorFigures, 'id' | 'config' | 'section' | 'dates' | 'territories'>;

/** What the build writes to dist/portal/dashboard-territories/<id>.json. */
export interface DashboardTerritoriesFile {
  id: string;
  title: LocalizedText;
  /** Section titles, by index (`TerritoryIndicator.section`). */
  sections: LocalizedText[];
  /** Territories of the layer, by name: the only codes with a page. */
  territories: { code: string; name: string }[];
  /**
   * Every indicator of the dashboard in its order; one without figures per territory has no
   * territories and no dates (a territory page names it among those it does not show).
   */
  indicators: TerritoryIndicator[];
  /** Titles of the datasets the indicators read (each page links its sources). */
  datasets: Record<string, LocalizedText>;
}

/** The runtime folder's name in dist/portal/, one file per dashboard. */
export const DASHBOARD_TERRITORIES_DIR = 'dashboard-territories';

/** A dashboard id as the loader accepts it: the only names the server turns into a file path. */
export const DASHBOARD_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The file's content for one dashboard (`figures` from `dashboardView`). */
export function territoriesFile(
  id: string,
  config: { title: LocalizedText; sections: { title: LocalizedText }[] },
  territories: { code: string; name: string }[],
  indicators: readonly IndicatorFigures[],
  datasetTitle: (slug: string) => LocalizedText | undefined,
): DashboardTerritoriesFile {
  const datasets: Record<string, LocalizedText> = {};
  for (const f of indicators) {
    const title = datasetTitle(f.config.dataset);
    if (title !== undefined) datasets[f.config.dataset] = title;
  }
  return {
    id,
    title: config.title,
    sections: config.sections.map((s) => s.title),
    territories,
    indicators: indicators.map((f) => {
      const mapped = Object.keys(f.territories).length > 0;
      return { id: f.id, config: f.config, section: f.section, dates: mapped ? f.dates : [], territories: f.territories };
    }),
    datasets,
  };
}
