import { pageContext, type PageContext } from '../site/context.ts';
import { runtimeCatalog } from './runtime-catalog.ts';

/**
 * The context of an on-demand page from its `[...lang]` route parameter, or
 * undefined when that is not one of the portal's prefixed languages (a 404):
 * the default language has no prefix, so `/fr/…` on a French portal is not a page.
 */
export function onDemandContext(langParam: string | undefined, path: string): PageContext | undefined {
  const { portal, ui } = runtimeCatalog();
  if (langParam !== undefined && (langParam === portal.defaultLanguage || !portal.languages.includes(langParam))) return undefined;
  return pageContext(portal, ui, langParam ?? portal.defaultLanguage, path);
}
