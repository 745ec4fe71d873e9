import type { FormOutcome, WriteContext } from '../publish/ckan-write.ts';
import type { UploadedFile } from '../publish/upload.ts';
import type { TokenRecord } from '../live/store.ts';

/**
 * What the publishing form's page (src/pages/[...lang]/publish/, a route of the build) finds in
 * the server process, registered by src/server/publish-routes.ts: the write functions, and the
 * files the process streamed to disk for the page, by a random name given in the body instead of
 * the file (a client cannot name a file on the server: an unknown name is no file). On globalThis,
 * so every build's copy of the page sees it; the page imports only this module, so the build's
 * server bundle gets none of the content-folder code (a bundle, which has no content folder, does
 * not publish).
 */
export const PUBLISHING = Symbol.for('crisis-portal.publishing');

/** The session scope of the publishing form: a publisher's session, not a dataset's (no dataset slug can be this). */
export const PUBLISH_SCOPE = '#publish';

export interface Publishing {
  ctx: WriteContext;
  uploads: Map<string, UploadedFile>;
  maxUpload: number;
  formWrite: (token: TokenRecord, kind: 'create' | 'version', fields: Record<string, string>, file: UploadedFile | undefined) => Promise<FormOutcome>;
  publisherFiles: (publisher: string) => { slug: string; title: string; resources: { id: string; path: string }[] }[];
}

/** The publishing functions of this process, when it publishes. */
export function publishing(): Publishing | undefined {
  return (globalThis as typeof globalThis & { [PUBLISHING]?: Publishing })[PUBLISHING];
}
