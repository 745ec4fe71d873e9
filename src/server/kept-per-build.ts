import { distDir } from './runtime-catalog.ts';

/**
 * What a route reads from its build's runtime files and keeps for the next requests, bounded and
 * dropped when the build changes. Each build's server code is a module of its own (the server
 * imports every build from its own folder, src/server/site.ts) and Node never unloads a module:
 * a cache in a module variable would keep every served build's values for the life of the
 * process. So the values live on globalThis, one store per name shared by every build's copy of
 * the code, for one build at a time (the build folder of the code asking): keeping a value of
 * another build drops the older build's, and at most `max` are kept, the least recently used
 * going first.
 */
export interface KeptPerBuild<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** How many values are kept now (for the tests of the bound). */
  size(): number;
}

const STORES = Symbol.for('crisis-portal.kept-per-build');
type Store = { build: string; values: Map<string, unknown> };
const shared = globalThis as typeof globalThis & { [STORES]?: Map<string, Store> };

export function keptPerBuild<T>(name: string, max: number): KeptPerBuild<T> {
  const stores = (shared[STORES] ??= new Map());
  /** This build's store; another build's is replaced (its values are then garbage). */
  const store = (): Store => {
    const build = distDir();
    let s = stores.get(name);
    if (s?.build !== build) stores.set(name, (s = { build, values: new Map() }));
    return s;
  };
  return {
    get(key) {
      const { values } = store();
      const hit = values.get(key) as T | undefined;
      if (hit !== undefined) {
        values.delete(key);
        values.set(key, hit);
      }
      return hit;
    },
    set(key, value) {
      const { values } = store();
      values.delete(key);
      if (values.size >= max) values.delete(values.keys().next().value!);
      values.set(key, value);
    },
    size: () => store().values.size,
  };
}
