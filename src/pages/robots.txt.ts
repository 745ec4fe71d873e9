// /robots.txt: a whole-catalog export of the registry, rendered by the build (src/site/export-route.ts).
import { exportRoute } from '../site/export-route.ts';

export const prerender = false;
export const { staticPaths, GET } = exportRoute('robots.txt');
