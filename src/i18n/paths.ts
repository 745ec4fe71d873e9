/**
 * URLs per language: the default language has no prefix (`/datasets/x/`),
 * the others are served under `/<lang>/` (`/en/datasets/x/`).
 */
export function localePath(path: string, lang: string, defaultLang: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  return lang === defaultLang ? clean : `/${lang}${clean}`;
}

/** Split `/en/datasets/x/` into its language and the language-free path. */
export function splitLocalePath(pathname: string, languages: readonly string[]): { lang: string; path: string } {
  const [, first, ...rest] = pathname.split('/');
  if (first && languages.includes(first) && first !== languages[0]) return { lang: first, path: `/${rest.join('/')}` };
  return { lang: languages[0]!, path: pathname };
}

/** The `lang` route parameter for getStaticPaths: undefined for the default language (no prefix). */
export function langParam(lang: string, defaultLang: string): string | undefined {
  return lang === defaultLang ? undefined : lang;
}
