import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, type EnqueuedTaskPromise } from 'meilisearch';
import { buildSearchRequests, explainMeiliError, mapSearchResults, meiliDocument, meiliSettings, type MeiliSearchResult } from './meilisearch-logic.ts';
import type { SearchBackend, SearchDocument, SearchHealth, SearchQuery, SearchResponse, SearchSettings } from './types.ts';

export interface MeiliOptions {
  url: string;
  apiKey?: string;
  /** Index name; a second one, `<index>_next`, is filled during a reindex and swapped in. */
  index?: string;
  batchSize?: number;
}

/** An error a deployer can act on, naming the server and what to change. */
export class SearchServiceError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SearchServiceError';
  }
}

/**
 * The production search backend, through the official client. All decisions
 * (settings, documents, filters, mapping) live in meilisearch-logic.ts.
 * The API key stays on the server: browsers only ever talk to /api/search.
 */
export class MeiliSearchBackend implements SearchBackend {
  readonly name = 'meilisearch' as const;
  private client: Meilisearch;
  private settings?: SearchSettings;
  private readonly index: string;
  private readonly batchSize: number;

  constructor(private readonly options: MeiliOptions) {
    this.client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: 10_000 });
    this.index = options.index ?? 'datasets';
    this.batchSize = options.batchSize ?? 1000;
  }

  private async call<T>(what: () => Promise<T>): Promise<T> {
    try {
      return await what();
    } catch (e) {
      if (e instanceof MeilisearchApiError) throw new SearchServiceError(explainMeiliError(e.cause?.code, e.cause?.message ?? e.message, this.options.url), e.cause?.code);
      if (e instanceof MeilisearchRequestError)
        throw new SearchServiceError(
          `Meilisearch is unreachable at ${this.options.url} (${(e.cause as Error | undefined)?.message ?? e.message}): check MEILI_URL and that the server is running.`,
          'unreachable',
        );
      throw e;
    }
  }

  private async wait(task: EnqueuedTaskPromise, what: string): Promise<void> {
    const done = await task.waitTask({ timeout: 120_000, interval: 100 });
    if (done.status !== 'succeeded') throw new SearchServiceError(`Meilisearch could not ${what}: ${done.error?.message ?? done.status}`, done.error?.code);
  }

  async applySettings(settings: SearchSettings): Promise<void> {
    this.settings = settings;
    await this.call(async () => {
      await this.ensureIndex(this.index);
      await this.wait(this.client.index(this.index).updateSettings(meiliSettings(settings)), 'update the index settings');
    });
  }

  private async ensureIndex(uid: string): Promise<void> {
    try {
      await this.client.getRawIndex(uid);
    } catch (e) {
      if (e instanceof MeilisearchApiError && e.cause?.code === 'index_not_found') await this.wait(this.client.createIndex(uid, { primaryKey: 'id' }), `create the index ${uid}`);
      else throw e;
    }
  }

  /** Zero-downtime reindex: fill `<index>_next`, then swap it with the live index in one atomic task. */
  async replaceAll(documents: SearchDocument[], onProgress?: (done: number, total: number) => void): Promise<void> {
    if (!this.settings) throw new Error('applySettings must be called before replaceAll');
    const settings = this.settings;
    const next = `${this.index}_next`;
    await this.call(async () => {
      await this.client.deleteIndexIfExists(next);
      await this.wait(this.client.createIndex(next, { primaryKey: 'id' }), `create the index ${next}`);
      await this.wait(this.client.index(next).updateSettings(meiliSettings(settings)), 'update the index settings');
      for (let i = 0; i < documents.length; i += this.batchSize) {
        const batch = documents.slice(i, i + this.batchSize).map(meiliDocument);
        await this.wait(this.client.index(next).addDocuments(batch, { primaryKey: 'id' }), `add documents ${i + 1}–${i + batch.length}`);
        onProgress?.(i + batch.length, documents.length);
      }
      await this.ensureIndex(this.index);
      await this.wait(this.client.swapIndexes([{ indexes: [this.index, next], rename: false }]), 'swap the new index in');
      await this.wait(this.client.deleteIndex(next), `delete the previous index (now ${next})`);
    });
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    await this.call(async () => {
      await this.ensureIndex(this.index);
      await this.wait(this.client.index(this.index).addDocuments(documents.map(meiliDocument), { primaryKey: 'id' }), `add or replace ${documents.length} documents`);
    });
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    const queries = buildSearchRequests(this.index, query);
    const answer = await this.call(() => this.client.multiSearch({ queries } as never));
    return mapSearchResults(query, (answer as unknown as { results: MeiliSearchResult[] }).results);
  }

  async health(): Promise<SearchHealth> {
    try {
      await this.call(() => this.client.health());
      const stats = await this.call(() => this.client.index(this.index).getStats());
      return { ok: true, backend: 'meilisearch', documents: stats.numberOfDocuments };
    } catch (e) {
      return { ok: false, backend: 'meilisearch', message: (e as Error).message };
    }
  }
}
