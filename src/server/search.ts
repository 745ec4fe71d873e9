import { EmbeddedSearch, type EmbeddedIndexFile } from '../search/embedded.ts';
import { MeiliSearchBackend, SearchServiceError } from '../search/meilisearch.ts';
import type { SearchBackend, SearchDocument, SearchHealth, SearchQuery, SearchResponse, SearchSettings } from '../search/types.ts';
import { publishLayer, layerDatasets } from './publish-layer.ts';
import { runtimeFile } from './runtime-catalog.ts';
import { textSetting } from '../settings.ts';

let backend: SearchBackend | undefined;

/** How long searches go to the embedded index after Meilisearch failed, before it is tried again. */
export const FALLBACK_MS = 30_000;

/**
 * Meilisearch, and the embedded index built with the same site when Meilisearch cannot answer
 * (unreachable, timeout, refused key): a citizen looking for the nearest testing centre gets
 * results, from the index of the same build, rather than an error. Each switch is one log line;
 * while Meilisearch is down it is tried again every FALLBACK_MS, so a search costs no waiting
 * for a dead server. The answer's `backend` field (and the X-Search-Backend header of
 * /api/search) says which engine answered. Programming errors are not hidden: only
 * SearchServiceError (what Meilisearch or the network said) falls back.
 */
export class FallbackSearch implements SearchBackend {
  readonly name = 'meilisearch' as const;
  private downUntil = 0;
  private embedded?: SearchBackend;

  constructor(
    private readonly primary: SearchBackend,
    private readonly loadEmbedded: () => SearchBackend,
    private readonly log: (line: string) => void = (line) => console.error(line),
    private readonly now: () => number = Date.now,
  ) {}

  private fallback(): SearchBackend {
    this.embedded ??= this.loadEmbedded();
    return this.embedded;
  }

  applySettings(settings: SearchSettings): Promise<void> {
    return this.primary.applySettings(settings);
  }

  replaceAll(documents: SearchDocument[], onProgress?: (done: number, total: number) => void): Promise<void> {
    return this.primary.replaceAll(documents, onProgress);
  }

  upsert(documents: SearchDocument[]): Promise<void> {
    return this.primary.upsert(documents);
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    if (this.now() < this.downUntil) return this.fallback().search(query);
    try {
      const answer = await this.primary.search(query);
      if (this.downUntil !== 0) {
        this.downUntil = 0;
        this.log('search: Meilisearch answers again; searches go to it');
      }
      return answer;
    } catch (e) {
      if (!(e instanceof SearchServiceError)) throw e;
      this.downUntil = this.now() + FALLBACK_MS;
      this.log(`search: ${e.message} Answering from the embedded index of this build; Meilisearch is tried again in ${FALLBACK_MS / 1000} s.`);
      return this.fallback().search(query);
    }
  }

  /** Ready while either engine can answer; the message says when it is the fallback that does. */
  async health(): Promise<SearchHealth> {
    // /readyz allows 2 s per check: a Meilisearch that does not answer within 1 s counts as down.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<SearchHealth>((done) => (timer = setTimeout(() => done({ ok: false, backend: 'meilisearch', message: 'Meilisearch did not answer within 1 s' }), 1000)));
    const primary = await Promise.race([this.primary.health(), late]).finally(() => clearTimeout(timer));
    if (primary.ok) return primary;
    const embedded = await this.fallback().health();
    return { ...embedded, message: `${primary.message ?? 'Meilisearch does not answer'}; searches are answered by the embedded index` };
  }
}

/**
 * The embedded index of the served build, with the datasets published since it was built
 * (src/server/publish-layer.ts) added before the first search that follows a publish: a dataset
 * is found as soon as its write is answered, not once the rebuild is served.
 */
export class WithPublished implements SearchBackend {
  readonly name;
  private generation = 0;

  constructor(private readonly inner: SearchBackend) {
    this.name = inner.name;
  }

  private async sync(): Promise<void> {
    const { generation } = publishLayer();
    if (generation === this.generation) return;
    this.generation = generation;
    const documents = layerDatasets().flatMap((d) => d.documents);
    if (documents.length > 0) await this.inner.upsert(documents);
  }

  applySettings(settings: SearchSettings): Promise<void> {
    return this.inner.applySettings(settings);
  }

  replaceAll(documents: SearchDocument[], onProgress?: (done: number, total: number) => void): Promise<void> {
    return this.inner.replaceAll(documents, onProgress);
  }

  upsert(documents: SearchDocument[]): Promise<void> {
    return this.inner.upsert(documents);
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    await this.sync();
    return this.inner.search(query);
  }

  health(): Promise<SearchHealth> {
    return this.inner.health();
  }
}

/** Meilisearch as MEILI_URL, MEILI_API_KEY and MEILI_INDEX say, or undefined without MEILI_URL. */
export function meiliBackend(env: NodeJS.ProcessEnv = process.env): MeiliSearchBackend | undefined {
  const url = textSetting('MEILI_URL', env);
  return url ? new MeiliSearchBackend({ url, apiKey: textSetting('MEILI_API_KEY', env), index: textSetting('MEILI_INDEX', env) ?? 'datasets' }) : undefined;
}

/**
 * The one place that chooses the search backend: Meilisearch when MEILI_URL is
 * set (MEILI_API_KEY stays here, on the server), with the embedded index as its fallback;
 * otherwise the embedded index built with the site (dist/portal/search-index.json), loaded once.
 */
export function searchBackend(env: NodeJS.ProcessEnv = process.env): SearchBackend {
  if (backend) return backend;
  const embedded = () => new WithPublished(EmbeddedSearch.fromFile(runtimeFile<EmbeddedIndexFile>('search-index.json', { keep: false })));
  const meili = meiliBackend(env);
  if (meili) {
    // Meilisearch gets a publish's documents from the publishing process itself (src/publish/show-at-once.ts).
    backend = new FallbackSearch(meili, embedded);
    return backend;
  }
  backend = embedded();
  return backend;
}
