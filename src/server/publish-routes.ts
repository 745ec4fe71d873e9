import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitWrite, formWrite, publisherFiles, WRITE_ACTIONS, writeAction, type WriteAction, type WriteContext } from '../publish/ckan-write.ts';
import type { RateLimit } from '../live/rate-limit.ts';
import { numberSetting } from '../settings.ts';
import { PUBLISH_SCOPE, PUBLISHING, type Publishing } from './publishing.ts';
import { WORK_DIR, workDir } from '../publish/content.ts';
import { Rebuilder } from '../publish/rebuild.ts';
import { dropShown, showAtOnce } from '../publish/show-at-once.ts';
import { publishedAnswer } from './published-files.ts';
import { discard, multipartBoundary, readMultipart, readSmallBody, UploadError, type FormBody } from '../publish/upload.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISH_SESSION_COOKIE, resumeScope } from '../live/session.ts';
import { splitLocalePath } from '../i18n/paths.ts';
import { urls } from '../lib/urls.ts';
import { attachBody, discardBody } from './http/body-limit.ts';
import { dynamicCompression } from './http/compression.ts';
import type { SiteParts } from './http/server.ts';
import { liveSettings, namedRateLimit, sharedStore } from './live.ts';

/**
 * The CKAN write actions, answered by the server process itself (not by a build's routes): they
 * stream uploads to disk before any body limit buffers them, write the content folder, and start
 * the rebuild the server then follows (src/server/site.ts). POST /api/3/action/<action>.
 */
export interface PublishOptions {
  /** The content folder (PORTAL_CONTENT). */
  content: string;
  /** The dist link (PORTAL_DIST) the rebuild switches. */
  dist: string;
  maxUpload: number;
  /** Largest JSON or form-encoded body (PORTAL_MAX_BODY). */
  maxBody: number;
  baseUrl?: string;
  /** Writes per minute per token (PORTAL_PUBLISH_RATE_LIMIT by default); 0: no limit. */
  rateLimit?: number;
  log?: (line: string) => void;
  /** Whether the build being served has a dataset (a new one's DCAT nodes are added to catalog.jsonld until a build has it); none: every dataset is new. */
  served?: (slug: string) => boolean;
  /** Serve the build the dist link leads to now (src/server/site.ts SiteSwitch.reload): called when a rebuild ends, before its writes leave the publish layer. */
  reload?: () => Promise<void>;
}

const ACTION_PATH = /^\/api\/3\/action\/([a-z_]+)$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** The page gets the request with `fields` as a form-encoded body (the file, if any, by name). */
function handOver(req: IncomingMessage, res: ServerResponse, site: SiteParts, fields: Record<string, string>): true {
  const body = Buffer.from(new URLSearchParams(fields).toString());
  req.headers['content-type'] = 'application/x-www-form-urlencoded';
  req.headers['content-length'] = String(body.length);
  delete req.headers['transfer-encoding'];
  attachBody(req, body);
  site.handler(req, res);
  return true;
}

export function publishRoutes(options: PublishOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const rebuilder = new Rebuilder({ content: options.content, dist: options.dist }, log);
  let writes = 0;
  // What an earlier process showed until its rebuild: that process is gone, and this one serves the latest build.
  rmSync(join(options.content, WORK_DIR, 'shown'), { recursive: true, force: true });
  // Written while a write waits for its rebuild, removed once a build with every write is served:
  // a server stopped in between (its rebuild stopped with it) rebuilds when it starts again, so
  // no accepted write stays out of the site.
  const pending = join(options.content, WORK_DIR, 'pending');
  const rebuilt = (seq: number) => {
    if (seq === writes) rmSync(pending, { force: true });
  };
  if (existsSync(pending)) {
    log('publishing: writes accepted by an earlier run are not in the served build; rebuilding');
    void rebuilder.request().then(async (outcome) => {
      if (!outcome.ok) return;
      await options.reload?.();
      rebuilt(0);
    });
  }
  let limiter: Promise<RateLimit> | undefined;
  const ctx: WriteContext = {
    content: options.content,
    store: sharedStore,
    log,
    limit: () => {
      limiter ??= namedRateLimit('publish', options.rateLimit ?? numberSetting('PORTAL_PUBLISH_RATE_LIMIT'));
      limiter.catch(() => (limiter = undefined));
      return limiter;
    },
    written: async (summary, change) => {
      const seq = ++writes;
      log(`publishing: ${summary}; rebuilding`);
      writeFileSync(pending, `${new Date().toISOString()} ${summary}\n`);
      const built = rebuilder.request();
      // Shown at once from the publish layer; the rebuild then takes over (src/server/publish-layer.ts).
      if (change.datasets) {
        try {
          const shown = await showAtOnce(change.catalog, change.datasets, { root: options.content, seq, log });
          if (shown.length > 0) log(`publishing: shown at once: ${shown.join(', ')}`);
        } catch (e) {
          log(`publishing: shown once the rebuild is served (could not be shown at once: ${(e as Error).stack ?? e})`);
        }
      }
      void built.then(async (outcome) => {
        if (!outcome.ok) return;
        await options.reload?.();
        const dropped = dropShown(seq, options.served);
        if (dropped.length > 0) log(`publishing: the build now serves ${dropped.join(', ')}`);
        rebuilt(seq);
      });
    },
  };

  const publishing: Publishing = {
    ctx,
    uploads: new Map(),
    maxUpload: options.maxUpload,
    formWrite: (token, kind, fields, file) => formWrite(ctx, token, kind, fields, file),
    publisherFiles: (publisher) => publisherFiles(options.content, publisher),
  };
  (globalThis as typeof globalThis & { [PUBLISHING]?: Publishing })[PUBLISHING] = publishing;

  /**
   * The form's upload (multipart POST to /publish/ in any language): the file is streamed to disk
   * here, where no body limit buffers it, and the page gets the fields with the file's name in
   * `upload`. Sign-in and sign-out (small form-encoded bodies) go to the page as usual.
   */
  const formUpload = async (req: IncomingMessage, res: ServerResponse, path: string, site: SiteParts): Promise<boolean> => {
    const languages = site.strings.languages.length ? site.strings.languages : ['en'];
    if (splitLocalePath(path, languages).path !== urls.publish()) return false;
    const boundary = multipartBoundary(String(req.headers['content-type'] ?? ''));
    if ((req.method ?? '').toUpperCase() !== 'POST' || !boundary) return false;
    const fields: Record<string, string> = {};
    // Without a valid publishing session the page refuses the request anyway: nothing is written
    // to disk (a made-up cookie does not make the server store a file).
    const sessionId = new RegExp(`(?:^|;\\s*)${PUBLISH_SESSION_COOKIE}=([^;]*)`).exec(String(req.headers.cookie ?? ''))?.[1];
    if (!sessionId || !(await resumeScope(await sharedStore(), sessionId, PUBLISH_SCOPE, liveSettings().session))) {
      discardBody(req);
      fields.refused = 'signin';
      return handOver(req, res, site, fields);
    }
    try {
      const form = await readMultipart(req.iterator({ destroyOnReturn: false }), boundary, { tempDir: workDir(options.content, 'uploads'), maxFile: options.maxUpload });
      Object.assign(fields, form.fields);
      delete fields.upload;
      if (form.file) {
        const id = randomBytes(16).toString('hex');
        publishing.uploads.set(id, form.file);
        // Not taken by the page (a refused request): forgotten and removed after a minute.
        setTimeout(() => {
          if (publishing.uploads.delete(id)) discard(form.file);
        }, 60_000).unref();
        fields.upload = id;
      }
    } catch (e) {
      if (!(e instanceof UploadError)) throw e;
      if (e.kind === 'too_large' || e.kind === 'fields_too_large') discardBody(req);
      else if (req.socket.destroyed) {
        log(`publishing form: ${e.message}`);
        return true;
      }
      fields.refused = e.kind;
    }
    return handOver(req, res, site, fields);
  };

  const served = options.served ?? (() => false);
  // The layer's files and whole-catalog exports have no precompressed copies: compressed as sent.
  const compress = dynamicCompression();
  const route = async (req: IncomingMessage, res: ServerResponse, path: string, site: SiteParts): Promise<boolean> => {
    const method = (req.method ?? 'GET').toUpperCase();
    if ((method === 'GET' || method === 'HEAD') && site.clientDir && (await publishedAnswer(req, res, path, site.clientDir, served, compress))) return true;
    if (await formUpload(req, res, path, site)) return true;
    const m = ACTION_PATH.exec(path);
    if (!m || !(WRITE_ACTIONS as readonly string[]).includes(m[1]!)) return false;
    const action = m[1] as WriteAction;
    const help = `${options.baseUrl ?? ''}/api/3/action/help_show?name=${action}`;
    if (method !== 'POST') {
      send(res, 400, `Bad request - ${action} must be called with POST`, { Allow: 'POST' });
      return true;
    }
    // The token and its rate limit first, from the headers: an upload is streamed to disk only for an admitted writer.
    const admitted = await admitWrite(ctx, action, req.headers, help);
    if ('refused' in admitted) {
      send(res, admitted.refused.status, admitted.refused.body, admitted.refused.headers);
      discardBody(req);
      return true;
    }
    const type = String(req.headers['content-type'] ?? '');
    const boundary = multipartBoundary(type);
    const tooLarge = (message: string) => {
      send(res, 413, { help, success: false, error: { __type: 'Validation Error', upload: [message] } });
      discardBody(req);
    };
    const declared = Number(req.headers['content-length']);
    const limit = boundary ? options.maxUpload + 1024 * 1024 : options.maxBody;
    if (Number.isFinite(declared) && declared > limit) {
      tooLarge(boundary ? `The file is larger than the limit of ${options.maxUpload} bytes (PORTAL_MAX_UPLOAD).` : `The body is larger than ${options.maxBody} bytes.`);
      return true;
    }
    let body: FormBody | Record<string, unknown>;
    try {
      if (boundary) {
        // An iterator that leaves the request open when we stop reading: the refusal must still reach the client.
        body = await readMultipart(req.iterator({ destroyOnReturn: false }), boundary, { tempDir: workDir(options.content, 'uploads'), maxFile: options.maxUpload });
      } else {
        const raw = (await readSmallBody(req, options.maxBody)).toString('utf8');
        if (/^application\/x-www-form-urlencoded/i.test(type)) body = Object.fromEntries(new URLSearchParams(raw));
        else {
          const parsed: unknown = raw.trim() ? JSON.parse(raw) : {};
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            send(res, 400, 'Bad request - Bad request data: Request data JSON decoded to a non-dictionary');
            return true;
          }
          body = parsed as Record<string, unknown>;
        }
      }
    } catch (e) {
      if (e instanceof SyntaxError) send(res, 400, `Bad request - JSON Error: ${e.message}`);
      else if (e instanceof UploadError && (e.kind === 'too_large' || e.kind === 'fields_too_large')) tooLarge(`${e.message}${e.kind === 'too_large' ? ' (PORTAL_MAX_UPLOAD)' : ''}`);
      else if (e instanceof UploadError && e.kind === 'incomplete') {
        log(`publishing: ${action}: ${e.message}`);
        if (!res.headersSent && !req.socket.destroyed) send(res, 400, { help, success: false, error: { __type: 'Validation Error', upload: [e.message] } });
      } else if (e instanceof UploadError) send(res, 400, { help, success: false, error: { __type: 'Validation Error', upload: [e.message] } });
      else throw e;
      return true;
    }
    const answer = await writeAction(ctx, action, admitted.token, body, help);
    send(res, answer.status, answer.body, answer.headers);
    return true;
  };
  return { route, rebuilder };
}
