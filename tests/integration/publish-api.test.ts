// The CKAN write actions against CKAN's documented request and answer shapes, sent the way
// ckanapi sends them (JSON or form-encoded bodies, multipart uploads, the token as a bare
// `Authorization` header), on the real server with a real content folder that is a git
// repository. Refusals leave the content folder as it was; accepted writes are committed with
// the publisher as author, rebuilt, and served without a restart.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { jsonLdToQuads, parseTurtle, tripleSet, validateShacl } from '../helpers/rdf.ts';
import { buildPortal, gitContent, removeDir, startServer, type RunningServer } from '../helpers/portal.ts';

const MAX_UPLOAD = 64 * 1024;
/** Uploads above this are read in a child process (src/publish/checks.ts): most of this file's uploads stay under it. */
const CHECK_ASIDE_ABOVE = 4096;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout.trim();

describe('CKAN write actions (package_create, package_patch, resource_create, resource_patch)', () => {
  let content: string;
  let dist: string;
  let server: RunningServer;
  let state: LiveState;
  let mairie: string;
  let hopital: string;
  const cantines = () => join(content, 'datasets', 'cantines', 'cantines.csv');
  const action = (name: string) => `${server.url}/api/3/action/${name}`;
  /** A multipart upload as ckanapi sends it (requests' files=): fields, then the file. */
  const upload = (name: string, token: string, fields: Record<string, string>, file: { name: string; bytes: Buffer }, header = 'Authorization') => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('upload', new Blob([new Uint8Array(file.bytes)]), file.name);
    return fetch(action(name), { method: 'POST', headers: { [header]: token }, body: form });
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  /** The answer's body, checked against the schema /api/openapi.json gives for this action and status. */
  const documented = async (res: Response, name: string, status: number) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, any>;
    const at = `openapi#/paths/${encodeURIComponent('/api/3/action/' + name).replace(/%2F/g, '~1')}/post/responses/${status}/content/application~1json/schema`;
    const validate = ajv.getSchema(at);
    expect(validate, `${name} documents ${status}`).toBeDefined();
    expect(validate!(body), JSON.stringify(validate!.errors)).toBe(true);
    return body;
  };
  /** The server's settings, the same at each start. */
  const serverEnv = () => ({ ...state.env, PORTAL_CONTENT: content, PORTAL_MAX_UPLOAD: String(MAX_UPLOAD), PORTAL_PUBLISH_RATE_LIMIT: '60', PORTAL_CHECK_ASIDE_ABOVE: String(CHECK_ASIDE_ABOVE) });
  const untouched = () => {
    expect(git(content, 'status', '--porcelain')).toBe('');
    const uploads = join(content, '.publishing', 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
  };

  beforeAll(async () => {
    content = gitContent('portal-valid', 'publish-content-');
    const build = buildPortal(content);
    expect(build.status, build.output).toBe(0);
    dist = build.dist;
    state = sqliteState();
    mairie = createToken(state, 'mairie-test').token;
    hopital = createToken(state, 'hopital-test').token;
    server = await startServer(dist, serverEnv());
    ajv.addSchema(await (await fetch(`${server.url}/api/openapi.json`)).json(), 'openapi');
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    await state?.cleanup();
    if (content) rmSync(content, { recursive: true, force: true });
    if (dist) removeDir(dist);
  });

  it('package_create (JSON, Authorization: <token>) then resource_create (multipart upload): published, committed, served', async () => {
    const started = Date.now();
    const created = await fetch(action('package_create'), {
      method: 'POST',
      headers: { Authorization: mairie, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'velos',
        title: 'Vélos en libre service',
        notes: 'Stations et vélos.',
        owner_org: 'mairie-test',
        license_id: 'CC-BY-4.0',
        groups: [{ name: 'transport' }],
        tags: [{ name: 'mobilite' }],
      }),
    });
    const c = (await documented(created, 'package_create', 200)) as { help: string; success: boolean; result: { name: string; state: string; resources: unknown[] } };
    expect(c).toMatchObject({ success: true, result: { name: 'velos', state: 'draft', resources: [] } });
    expect(c.help).toMatch(/\/api\/3\/action\/help_show\?name=package_create$/);

    const csv = Buffer.from('station,velos,ouverte\nGare,12,true\nMairie,3,false\n');
    const res = await upload('resource_create', mairie, { package_id: 'velos', name: 'stations', format: 'CSV' }, { name: 'stations.csv', bytes: csv });
    const r = (await documented(res, 'resource_create', 200)) as { success: boolean; result: { id: string; package_id: string; url: string; format: string } };
    expect(r.success).toBe(true);
    expect(r.result).toMatchObject({ id: 'velos/stations', package_id: 'velos' });
    expect(r.result.url).toMatch(/\/datasets\/velos\/files\/stations\.csv$/);
    // One source of truth: the content folder, committed with the publisher as author.
    expect(readFileSync(join(content, 'datasets', 'velos', 'stations.csv'))).toEqual(csv);
    expect(readFileSync(join(content, 'datasets', 'velos', 'dataset.yaml'), 'utf8')).toMatch(/publisher: mairie-test/);
    expect(git(content, 'log', '-1', '--format=%an <%ae>')).toBe('Mairie de test <mairie-test@publishers.invalid>');
    untouched();

    // Shown at once, from the publish layer, while the rebuild runs: page, search, CKAN API,
    // DCAT, the file and its derived downloads (src/server/publish-layer.ts).
    expect(server.log()).toMatch(/publishing: shown at once: velos/);
    const rebuilt = () => /publishing: the build now serves velos/.test(server.log());
    expect(rebuilt(), 'checked before the rebuild is served').toBe(false);
    const everything = async () => {
      const [page, search, show, dcat, turtle, file, rows] = await Promise.all([
        fetch(`${server.url}/datasets/velos/`),
        fetch(`${server.url}/api/search?q=velos`).then((x) => x.text()),
        fetch(`${server.url}/api/3/action/package_show?id=velos`),
        fetch(`${server.url}/catalog.jsonld`).then((x) => x.text()),
        fetch(`${server.url}/catalog.ttl`).then((x) => x.text()),
        fetch(`${server.url}/datasets/velos/files/stations.csv`),
        fetch(`${server.url}/datasets/velos/derived/stations.rows.json`),
      ]);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain('Vélos en libre service');
      expect(html).toContain('Gare');
      expect(search).toContain('/datasets/velos/');
      expect(show.status).toBe(200);
      const pkg = ((await show.json()) as { result: { title: string; resources: { url: string }[] } }).result;
      expect(pkg.title).toBe('Vélos en libre service');
      expect(pkg.resources[0]!.url).toMatch(/\/datasets\/velos\/files\/stations\.csv$/);
      // Still one valid graph: JSON-LD and Turtle that parse, the catalog listing the new dataset.
      const graph = (JSON.parse(dcat) as { '@graph': { '@id': string; 'dcat:dataset'?: unknown }[] })['@graph'];
      const datasetIri = graph.map((n) => n['@id']).find((id) => id.endsWith('/datasets/velos/#dataset'));
      expect(datasetIri).toBeDefined();
      expect(graph.filter((n) => n['@id'].endsWith('#catalog')).flatMap((n) => [n['dcat:dataset']].flat())).toContainEqual({ '@id': datasetIri });
      const quads = parseTurtle(turtle);
      expect(quads.some((q) => q.subject.value.endsWith('#catalog') && q.predicate.value === 'http://www.w3.org/ns/dcat#dataset' && q.object.value === datasetIri)).toBe(true);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(csv);
      expect(rows.status).toBe(200);
      expect(await rows.json()).toEqual([
        { station: 'Gare', velos: 12, ouverte: true },
        { station: 'Mairie', velos: 3, ouverte: false },
      ]);
      return { cache: page.headers.get('cache-control'), html, pkg, triples: tripleSet(await jsonLdToQuads(JSON.parse(dcat) as object)) };
    };
    // Until the rebuild, the page is never kept by a proxy (no-cache); the built one is.
    const shown = await everything();
    expect(shown.cache).toBe('no-cache');
    console.log(`one dataset published into the running fixture portal shown in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const deadline = Date.now() + 240_000;
    while (!rebuilt()) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((done) => setTimeout(done, 250));
    }
    // The build that includes it is served, and shows the same: the same page, package and graph
    // (but the catalog's date of last change, which the new dataset moved to today).
    const built = await everything();
    expect(built.cache).toMatch(/^public, max-age=/);
    expect(shown.html).toBe(built.html);
    expect(shown.pkg).toEqual(built.pkg);
    // Blank nodes have no name of their own: compared without their labels.
    const comparable = (triples: Set<string>) => new Set([...triples].filter((t) => !t.includes('#catalog http://purl.org/dc/terms/modified ')).map((t) => t.replace(/BlankNode:\S+/g, 'BlankNode')));
    expect([...comparable(shown.triples)].sort()).toEqual([...comparable(built.triples)].sort());
    console.log(`and served by the rebuild ${((Date.now() - started) / 1000).toFixed(1)} s after the first write`);
  }, 300_000);

  it('refuses a token of another publisher with 403 (X-CKAN-API-Key and Bearer alike), writing nothing', async () => {
    const form = await fetch(action('package_create'), {
      method: 'POST',
      headers: { 'X-CKAN-API-Key': hopital, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'intrus', title: 'Intrus', owner_org: 'mairie-test', groups: 'transport' }).toString(),
    });
    expect(await documented(form, 'package_create', 403)).toMatchObject({ success: false, error: { __type: 'Authorization Error' } });
    const patch = await upload('resource_patch', `Bearer ${hopital}`, { id: 'cantines/cantines' }, { name: 'cantines.csv', bytes: Buffer.from('nom,ville,part_bio\nX,Y,"0,1"\n') });
    expect(patch.status).toBe(403);
    // The form's upload address without a session: refused, and nothing written to disk.
    const anonymous = new FormData();
    anonymous.set('action', 'version');
    anonymous.set('file', new Blob([Buffer.alloc(32 * 1024, 'x')]), 'cantines.csv');
    const page = await fetch(`${server.url}/publish/`, { method: 'POST', body: anonymous });
    expect([401, 403]).toContain(page.status);
    const noToken = await fetch(action('package_patch'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":"cantines","title":"x"}' });
    expect(noToken.status).toBe(403);
    untouched();
  });

  it('refuses an invalid file with every error listed, and leaves the content folder as it was', async () => {
    const before = sha(cantines());
    const bad = Buffer.from('nom,ville,part_bio\nA,Paris,"1,5"\nB,Lyon,abc\nA,Nice,"0,1"\n', 'latin1');
    const res = await upload('resource_patch', mairie, { id: 'cantines/cantines' }, { name: 'cantines.csv', bytes: bad });
    const body = (await documented(res, 'resource_patch', 409)) as { success: boolean; error: Record<string, string[]> & { __type: string } };
    expect(body.success).toBe(false);
    expect(body.error.__type).toBe('Validation Error');
    const messages = body.error.upload!.join('\n');
    // Three rows, three different errors: each one named with file, line and column.
    expect(messages).toMatch(/datasets\/cantines\/cantines\.csv:2: column "part_bio"/);
    expect(messages).toMatch(/datasets\/cantines\/cantines\.csv:3: column "part_bio"/);
    expect(messages).toMatch(/datasets\/cantines\/cantines\.csv:4: column "nom"/);
    expect(sha(cantines())).toBe(before);
    untouched();
  });

  it('refuses an upload over PORTAL_MAX_UPLOAD with 413, and leaves the file', async () => {
    const before = sha(cantines());
    const big = Buffer.alloc(MAX_UPLOAD * 3, 'a');
    const res = await upload('resource_patch', mairie, { id: 'cantines/cantines' }, { name: 'cantines.csv', bytes: big });
    expect(await documented(res, 'resource_patch', 413)).toMatchObject({ success: false, error: { __type: 'Validation Error' } });
    expect(sha(cantines())).toBe(before);
    untouched();
  });

  it('an upload killed half-way leaves the old file and no temporary file', async () => {
    const before = sha(cantines());
    const boundary = 'ckanapiXboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="id"\r\n\r\ncantines/cantines\r\n--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="cantines.csv"\r\n\r\nnom,ville,part_bio\r\n`;
    const rows = 'Z,Ville,"0,5"\r\n'.repeat(2000);
    const length = Buffer.byteLength(head) + Buffer.byteLength(rows) * 2;
    await new Promise<void>((done) => {
      const url = new URL(action('resource_patch'));
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { Authorization: mairie, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': length },
      });
      req.on('error', () => done());
      req.write(head);
      req.write(rows, () => {
        // Half of the declared body sent: the connection is cut.
        setTimeout(() => {
          req.destroy();
          done();
        }, 200);
      });
    });
    // The server notices the cut and removes what it had written.
    const deadline = Date.now() + 5000;
    while (readdirSync(join(content, '.publishing', 'uploads')).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sha(cantines())).toBe(before);
    untouched();
    expect(server.log()).toMatch(/interrupted/);
  });

  it('resource_patch with a new file keeps the previous one as a version, downloadable and listed', async () => {
    const old = readFileSync(cantines());
    const next = Buffer.concat([old, Buffer.from('"Cantine neuve",Tours,"0,75"\n', 'latin1')]);
    const res = await upload('resource_patch', mairie, { id: 'cantines/cantines' }, { name: 'cantines.csv', bytes: next });
    const body = (await documented(res, 'resource_patch', 200)) as { success: boolean; result: { id: string } };
    expect(body.result.id).toBe('cantines/cantines');
    expect(readFileSync(cantines())).toEqual(next);
    const yaml = readFileSync(join(content, 'datasets', 'cantines', 'dataset.yaml'), 'utf8');
    const version = /path: (versions\/\S+\/cantines\.csv)/.exec(yaml)?.[1];
    expect(version).toBeDefined();
    expect(yaml).toContain(`sha256: ${createHash('sha256').update(old).digest('hex')}`);
    expect(readFileSync(join(content, 'datasets', 'cantines', version!))).toEqual(old);
    expect(git(content, 'log', '-1', '--format=%an %s')).toMatch(/^Mairie de test resource_patch cantines\/cantines/);
    untouched();

    // After the rebuild: both files downloadable, the version on the page and in DCAT.
    const deadline = Date.now() + 240_000;
    for (;;) {
      const v = await fetch(`${server.url}/datasets/cantines/files/${version}`);
      if (v.status === 200) {
        expect(Buffer.from(await v.arrayBuffer())).toEqual(old);
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(Buffer.from(await (await fetch(`${server.url}/datasets/cantines/files/cantines.csv`)).arrayBuffer())).toEqual(next);
    // Its files at once (the publish layer); its static page once the rebuild is served (docs/publishing.md).
    while (!/publishing: the build now serves cantines/.test(server.log())) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    const page = await (await fetch(`${server.url}/datasets/cantines/`)).text();
    expect(page).toContain(`/datasets/cantines/files/${version}`);
    const dcat = await (await fetch(`${server.url}/datasets/cantines/dataset.jsonld`)).text();
    expect(dcat).toContain(`/datasets/cantines/files/${version}`);
    // The version, a dcat:Dataset of its own linked with dcat:hasVersion, keeps the catalogue DCAT-AP conformant.
    const catalog = JSON.parse(await (await fetch(`${server.url}/catalog.jsonld`)).text()) as object;
    const quads = await jsonLdToQuads(catalog);
    expect([...tripleSet(quads)].some((t) => t.includes('http://www.w3.org/ns/dcat#hasVersion'))).toBe(true);
    const core = await validateShacl(quads, ['dcat-ap-SHACL.ttl', 'ranges.ttl']);
    expect(core.results).toEqual([]);
  }, 300_000);

  it("limits writes per token (PORTAL_PUBLISH_RATE_LIMIT): 429 in CKAN's error shape with Retry-After, other tokens unaffected", async () => {
    const busy = createToken(state, 'mairie-test').token;
    const patch = (token: string) =>
      fetch(action('package_patch'), { method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'absent', title: 'x' }) });
    // 60 a minute: bursts of 10, then about one a second.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await patch(busy)).status);
    expect(statuses).toEqual(Array(10).fill(404));
    const limited = await patch(busy);
    const body = (await documented(limited, 'package_patch', 429)) as { success: boolean; error: { __type: string; message: string } };
    expect(body).toMatchObject({ success: false, error: { __type: 'Rate Limit Error' } });
    expect(body.error.message).toMatch(/^Too many writes with this token; retry in \d+ s\.$/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Counted per token: another token of the same publisher still writes.
    expect((await patch(mairie)).status).toBe(404);
    untouched();
  });

  it('package_patch changes metadata in dataset.yaml; a bad licence is a Validation Error naming the field', async () => {
    const bad = await fetch(action('package_patch'), {
      method: 'POST',
      headers: { Authorization: mairie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'gares', license_id: 'NOT-A-LICENCE' }),
    });
    expect(bad.status).toBe(409);
    const error = ((await bad.json()) as { error: Record<string, string[]> }).error;
    expect(error.license_id?.join(' ')).toMatch(/NOT-A-LICENCE/);
    untouched();
    const ok = await fetch(action('package_patch'), {
      method: 'POST',
      headers: { Authorization: mairie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'gares', title: 'Gares du réseau' }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { title: string } }).result.title).toBe('Gares du réseau');
    expect(readFileSync(join(content, 'datasets', 'gares', 'dataset.yaml'), 'utf8')).toContain('title: Gares du réseau');
    expect(existsSync(join(content, 'datasets', 'gares', 'gares.json'))).toBe(true);
    // help_show knows the write actions, as CKAN's does.
    const help = (await (await fetch(`${server.url}/api/3/action/help_show?name=resource_create`)).json()) as { success: boolean; result: string };
    expect(help.success).toBe(true);
    expect(help.result).toMatch(/upload/);
  });
  it('resource_create with a url and no upload adds a link: stored as url:, listed as external, exported with its address', async () => {
    const LINK = 'https://transport.example.org/open/horaires-2026.csv';
    const bad = await fetch(action('resource_create'), {
      method: 'POST',
      headers: { Authorization: hopital, 'Content-Type': 'application/json' },
      body: JSON.stringify({ package_id: 'lits-reanimation', name: 'secret', url: 'https://moi:motdepasse@files.example.org/lits.csv' }),
    });
    const refused = (await documented(bad, 'resource_create', 409)) as { error: Record<string, string[]> };
    expect(refused.error.url?.join('\n')).toMatch(/^datasets\/lits-reanimation\/dataset\.yaml: resources\[\d+\]\.url: must not hold a user name or password .* at line \d+$/);
    const script = await fetch(action('resource_create'), {
      method: 'POST',
      headers: { Authorization: mairie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ package_id: 'gares', url: 'javascript:alert(1)' }).toString(),
    });
    expect(((await documented(script, 'resource_create', 409)) as { error: Record<string, string[]> }).error.url?.join(' ')).toMatch(/must be a web address starting with https:\/\//);
    untouched();

    const res = await fetch(action('resource_create'), {
      method: 'POST',
      headers: { Authorization: mairie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ package_id: 'gares', url: LINK, format: 'CSV', description: 'Horaires, publiés par le transporteur.' }),
    });
    const created = (await documented(res, 'resource_create', 200)) as { result: { id: string; url: string; size: number | null; hash: string } };
    expect(created.result).toMatchObject({ id: 'gares/horaires-2026', url: LINK, size: null, hash: '' });
    expect(readFileSync(join(content, 'datasets', 'gares', 'dataset.yaml'), 'utf8')).toContain(`url: ${LINK}`);
    untouched();

    // After the rebuild: the page lists it as an external download, and every export has the address.
    const deadline = Date.now() + 240_000;
    let page = '';
    for (;;) {
      page = await (await fetch(`${server.url}/datasets/gares/`)).text();
      if (page.includes(LINK)) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    const anchor = new RegExp(`<a href="${LINK.replace(/[.]/g, '\\.')}" rel="external noopener"[^>]*>`);
    expect(page).toMatch(anchor);
    expect(page).toContain('Hébergé ailleurs, non vérifié');
    expect(page).toMatch(new RegExp(`"contentUrl":"${LINK.replace(/[.]/g, '\\.')}"`));
    const show = (await (await fetch(`${server.url}/api/3/action/package_show?id=gares`)).json()) as { result: { resources: { id: string; url: string }[] } };
    expect(show.result.resources.find((r) => r.id === 'gares/horaires-2026')?.url).toBe(LINK);
    const dcat = JSON.parse(await (await fetch(`${server.url}/datasets/gares/dataset.jsonld`)).text()) as object;
    const triples = [...tripleSet(await jsonLdToQuads(dcat))];
    expect(triples.some((t) => t.includes('http://www.w3.org/ns/dcat#downloadURL') && t.includes(LINK))).toBe(true);
    expect(triples.some((t) => t.includes('http://www.w3.org/ns/dcat#accessURL') && t.includes(LINK))).toBe(true);
    const pkg = (await (await fetch(`${server.url}/datasets/gares/datapackage.json`)).json()) as { resources: { name: string; path: string }[] };
    expect(pkg.resources.find((r) => r.name === 'horaires-2026')?.path).toBe(LINK);
    // Never fetched at build: nothing was copied under files/.
    expect((await fetch(`${server.url}/datasets/gares/files/horaires-2026.csv`)).status).toBe(404);
    // A distribution without size or checksum keeps the catalogue DCAT-AP conformant.
    const quads = await jsonLdToQuads(JSON.parse(await (await fetch(`${server.url}/catalog.jsonld`)).text()) as object);
    expect((await validateShacl(quads, ['dcat-ap-SHACL.ttl', 'ranges.ttl'])).results).toEqual([]);
  }, 300_000);

  it('a draft published by its first link: the main download of the page is the external address', async () => {
    const created = await fetch(action('package_create'), {
      method: 'POST',
      headers: { Authorization: mairie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bus', title: 'Lignes de bus', notes: 'Publiées par le réseau.', owner_org: 'mairie-test', groups: [{ name: 'transport' }] }),
    });
    expect(created.status).toBe(200);
    const LINK = 'http://bus.example.org/lignes.geojson';
    const res = await fetch(action('resource_create'), {
      method: 'POST',
      headers: { Authorization: mairie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ package_id: 'bus', name: 'lignes', url: LINK }),
    });
    expect(((await documented(res, 'resource_create', 200)) as { result: { url: string; format: string } }).result).toMatchObject({ url: LINK, format: 'GEOJSON' });
    expect(existsSync(join(content, '.publishing', 'drafts', 'bus.yaml'))).toBe(false);
    const deadline = Date.now() + 240_000;
    let page: Response;
    while ((page = await fetch(`${server.url}/datasets/bus/`)).status !== 200) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    const html = await page.text();
    expect(html).toMatch(
      /<a class="button" href="http:\/\/bus\.example\.org\/lignes\.geojson" rel="external noopener"[^>]*>Télécharger les données <span class="size">\(GEOJSON, hébergé ailleurs\)<\/span><\/a>/,
    );
  }, 300_000);

  /** Send the headers and the start of a multipart upload, never its end: the answer, if the server gives one before the body is complete (else after `wait` ms: undefined). */
  const answerBeforeBodyEnds = (path: string, headers: Record<string, string>, wait = 4000) =>
    new Promise<{ status: number; body: string } | undefined>((done) => {
      const boundary = 'attackerXboundary';
      const url = new URL(`${server.url}${path}`);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(MAX_UPLOAD - 1024) },
      });
      const timer = setTimeout(() => {
        req.destroy();
        done(undefined);
      }, wait);
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          clearTimeout(timer);
          req.destroy();
          done({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', () => undefined);
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="id"\r\n\r\ncantines/cantines\r\n--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="cantines.csv"\r\n\r\n`,
      );
      req.write('nom,ville,part_bio\r\n' + 'Z,Ville,"0,5"\r\n'.repeat(1000));
    });

  it('refuses a write without a valid token, or a form upload without a valid session, before streaming the upload to disk', async () => {
    const before = sha(cantines());
    for (const headers of [{} as Record<string, string>, { Authorization: 'cdp_not-a-token' }, { 'X-CKAN-API-Key': 'cdp_not-a-token' }]) {
      const answer = await answerBeforeBodyEnds('/api/3/action/resource_patch', headers);
      expect(answer, `answered before the body ended (${JSON.stringify(headers)})`).toBeDefined();
      expect(answer!.status).toBe(403);
      expect(JSON.parse(answer!.body)).toMatchObject({ success: false, error: { __type: 'Authorization Error' } });
      // The refused token is never repeated back.
      expect(answer!.body).not.toContain('cdp_not-a-token');
    }
    // A made-up session cookie on the form's address: refused without the file being written.
    const form = await answerBeforeBodyEnds('/publish/', { Cookie: 'portal_publish_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; portal_csrf=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
    expect(form, 'the form answered before the body ended').toBeDefined();
    expect([401, 403]).toContain(form!.status);
    expect(sha(cantines())).toBe(before);
    expect(server.log()).not.toContain('cdp_not-a-token');
    untouched();
  });

  it('resource_create of a CSV infers its Table Schema and dialect, so its rows are checked: a ragged file is refused line by line', async () => {
    const ragged = await upload(
      'resource_create',
      mairie,
      { package_id: 'gares', name: 'quais' },
      { name: 'quais.csv', bytes: Buffer.from('gare;quai;accessible\nNord;1;oui\nSud;2\nEst;3;non;en travaux\n') },
    );
    const refused = (await documented(ragged, 'resource_create', 409)) as { error: Record<string, string[]> & { __type: string } };
    expect(refused.error.__type).toBe('Validation Error');
    const said = refused.error.upload!.join('\n');
    expect(said).toMatch(/datasets\/gares\/quais\.csv:3: row has 2 values, expected 3/);
    expect(said).toMatch(/datasets\/gares\/quais\.csv:4: row has 4 values, expected 3/);
    untouched();

    // Notes above the header, in windows-1252, ";" and a decimal comma: declared, so the build reads it as it was read here.
    const latin = Buffer.from('Relevé du 12/03/2020\r\nSource : mairie\r\ngare;quai;accessible;pente\r\nNord;1;oui;1,5\r\nSud;2;non;0,5\r\nÉté;3;oui;2,0\r\n', 'latin1');
    const res = await upload('resource_create', mairie, { package_id: 'gares', name: 'quais' }, { name: 'quais.csv', bytes: latin });
    const made = (await documented(res, 'resource_create', 200)) as { result: { id: string; hash: string } };
    expect(made.result.id).toBe('gares/quais');
    // CKAN's hash, as package_show gives it once built: the upload's SHA-256.
    expect(made.result.hash).toBe(`sha256:${createHash('sha256').update(latin).digest('hex')}`);
    const yaml = readFileSync(join(content, 'datasets', 'gares', 'dataset.yaml'), 'utf8');
    expect(yaml).toMatch(/schema: quais\.schema\.json/);
    expect(yaml).toMatch(/encoding: windows-1252/);
    expect(yaml).toMatch(/headerRows:\s*\n?\s*-? ?\[?3/);
    const schema = JSON.parse(readFileSync(join(content, 'datasets', 'gares', 'quais.schema.json'), 'utf8')) as { fields: { name: string; type: string; decimalChar?: string }[] };
    expect(schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['gare:string', 'quai:integer', 'accessible:boolean', 'pente:number']);
    expect(readFileSync(join(content, 'datasets', 'gares', 'quais.csv'))).toEqual(latin);
    expect(git(content, 'show', '--stat', '--format=%an', 'HEAD')).toMatch(/quais\.schema\.json/);
    untouched();
    // A JSON file that does not parse (an upload cut short) is refused with its line.
    // (another token of the same publisher: each token has its own write limit, which this test file spends)
    const cut = await upload('resource_create', createToken(state, 'mairie-test').token, { package_id: 'gares', name: 'arrets' }, { name: 'arrets.json', bytes: Buffer.from('{"arrets": [1,2') });
    const cutBody = (await documented(cut, 'resource_create', 409)) as { error: Record<string, string[]> };
    expect(cutBody.error.upload!.join('\n')).toMatch(/arrets\.json:1: not valid JSON/);
    expect(existsSync(join(content, 'datasets', 'gares', 'arrets.json'))).toBe(false);
    untouched();
    // A text file is not a table: stored as sent, no schema.
    const notes = await upload(
      'resource_create',
      mairie,
      { package_id: 'gares', name: 'notes' },
      { name: 'notes.txt', bytes: Buffer.from('Quais refaits en 2026, sauf le quai 3.\nAccès par la rue, la place, ou le parking.\n') },
    );
    expect(notes.status).toBe(200);
    expect(existsSync(join(content, 'datasets', 'gares', 'notes.schema.json'))).toBe(false);
    untouched();
    // Once rebuilt, the file is served as it is, naming its declared charset: a browser shows "Été", not "Ã‰tÃ©" or "�t�".
    const deadline = Date.now() + 240_000;
    for (;;) {
      const served = await fetch(`${server.url}/datasets/gares/files/quais.csv`);
      if (served.status === 200) {
        expect(served.headers.get('content-type')).toBe('text/csv; charset=windows-1252');
        expect(Buffer.from(await served.arrayBuffer())).toEqual(latin);
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The UTF-8 files around it keep saying so.
    expect((await fetch(`${server.url}/datasets/cantines/files/cantines.csv`)).headers.get('content-type')).toBe('text/csv; charset=utf-8');
  }, 300_000);

  it('an upload over PORTAL_CHECK_ASIDE_ABOVE is inferred and checked in a child process: refused line by line, or accepted, as here', async () => {
    const token = createToken(state, 'mairie-test').token;
    const csv = (row: (i: number) => string) => Buffer.from(`code;jour;valeur\n${Array.from({ length: 400 }, (_, i) => row(i)).join('\n')}\n`);
    const good = csv((i) => `C${String(i).padStart(4, '0')};2020-03-${String((i % 28) + 1).padStart(2, '0')};${i * 3}`);
    expect(good.length).toBeGreaterThan(CHECK_ASIDE_ABOVE);
    const asideBefore = (server.log().match(/is read in a child process/g) ?? []).length;
    // Rows no schema can describe: refused by the inference's check, each with its line.
    const ragged = csv((i) => (i === 250 ? 'C0250;2020-03-01' : `C${String(i).padStart(4, '0')};2020-03-01;${i}`));
    const refused = (await documented(await upload('resource_create', token, { package_id: 'gares', name: 'comptages' }, { name: 'comptages.csv', bytes: ragged }), 'resource_create', 409)) as {
      error: Record<string, string[]>;
    };
    expect(refused.error.upload!.join('\n')).toMatch(/datasets\/gares\/comptages\.csv:252: row has 2 values, expected 3/);
    untouched();
    const made = (await documented(await upload('resource_create', token, { package_id: 'gares', name: 'comptages' }, { name: 'comptages.csv', bytes: good }), 'resource_create', 200)) as {
      result: { id: string };
    };
    expect(made.result.id).toBe('gares/comptages');
    const schema = JSON.parse(readFileSync(join(content, 'datasets', 'gares', 'comptages.schema.json'), 'utf8')) as { fields: { name: string; type: string }[]; primaryKey?: string[] };
    expect(schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['code:string', 'jour:date', 'valeur:integer']);
    expect(schema.primaryKey).toEqual(['code']);
    untouched();
    // A new version that breaks the schema: refused by the write's own check (the build's), with its line and column.
    const broken = csv((i) => `C${String(i).padStart(4, '0')};2020-03-01;${i === 97 ? 'beaucoup' : i}`);
    const patched = (await documented(await upload('resource_patch', token, { id: 'gares/comptages' }, { name: 'comptages.csv', bytes: broken }), 'resource_patch', 409)) as {
      error: Record<string, string[]>;
    };
    expect(patched.error.upload!.join('\n')).toMatch(/datasets\/gares\/comptages\.csv:99: .*valeur/);
    expect(readFileSync(join(content, 'datasets', 'gares', 'comptages.csv'))).toEqual(good);
    untouched();
    // Three uploads, three children; the server said so.
    expect((server.log().match(/is read in a child process/g) ?? []).length - asideBefore).toBe(3);
    // And it answered meanwhile: the dataset page was served as before.
    expect((await fetch(`${server.url}/datasets/gares/`)).status).toBe(200);
  }, 120_000);

  it('refuses oversized fields with every one listed, and stores text that would break YAML as text, adding no key', async () => {
    // A token of its own: the tests before wrote more than a burst with the other (PORTAL_PUBLISH_RATE_LIMIT).
    const writer = createToken(state, 'mairie-test').token;
    const yamlFile = join(content, 'datasets', 'cantines', 'dataset.yaml');
    const before = readFileSync(yamlFile, 'utf8');
    const huge = await fetch(action('package_patch'), {
      method: 'POST',
      headers: { Authorization: writer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'cantines', title: 'T'.repeat(5000), notes: 'n'.repeat(30_000), tags: [{ name: 'x'.repeat(300) }, { name: 'ok' }] }),
    });
    const refused = (await documented(huge, 'package_patch', 409)) as { error: Record<string, string[]> & { __type: string } };
    expect(refused.error.__type).toBe('Validation Error');
    expect(refused.error.title?.[0]).toMatch(/at most 500 characters .*5000/);
    expect(refused.error.notes?.[0]).toMatch(/at most 20000 characters/);
    expect(refused.error.tags?.[0]).toMatch(/length is more than maximum 100/);
    expect(readFileSync(yamlFile, 'utf8')).toBe(before);
    // Tags of another shape (nested lists, numbers) are refused, not dropped.
    const nested = await fetch(action('package_patch'), {
      method: 'POST',
      headers: { Authorization: writer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'cantines', tags: [[['x']], 3] }),
    });
    expect(((await documented(nested, 'package_patch', 409)) as { error: Record<string, string[]> }).error.tags?.[0]).toMatch(/Each tag must be text/);
    expect(readFileSync(yamlFile, 'utf8')).toBe(before);
    untouched();

    const title = 'Cantines: "bio" & <b>locales</b> #1';
    const notes = 'Ligne 1\nlicense: CC0-1.0\npublisher: hopital-test\n---\n- [x](javascript:alert(1))';
    const res = await fetch(action('package_patch'), {
      method: 'POST',
      headers: { Authorization: writer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'cantines', title, notes }),
    });
    expect(res.status).toBe(200);
    const { parse } = await import('yaml');
    const stored = parse(readFileSync(yamlFile, 'utf8')) as Record<string, unknown>;
    expect(stored.title).toBe(title);
    expect(stored.description).toBe(notes);
    expect(stored.publisher).toBe('mairie-test');
    expect(Object.keys(stored).sort()).toEqual(Object.keys(parse(before) as object).sort());
  });

  it('resource_create never replaces a file of the dataset folder that is not a resource (its Table Schema)', async () => {
    // A token of its own: the tests before wrote more than a burst with the other (PORTAL_PUBLISH_RATE_LIMIT).
    const writer = createToken(state, 'mairie-test').token;
    const schemaFile = join(content, 'datasets', 'cantines', 'cantines.schema.json');
    const before = readFileSync(schemaFile, 'utf8');
    // A schema the data still passes, so that only the name can refuse it.
    const loosened = JSON.stringify({ ...(JSON.parse(before) as object), description: 'remplacé' });
    const res = await upload('resource_create', writer, { package_id: 'cantines', name: 'schema' }, { name: 'cantines.schema.json', bytes: Buffer.from(loosened) });
    const refused = (await documented(res, 'resource_create', 409)) as { error: Record<string, string[]> };
    expect(refused.error.upload?.join(' ')).toMatch(/"cantines\.schema\.json" is already a file of the folder datasets\/cantines\//);
    expect(readFileSync(schemaFile, 'utf8')).toBe(before);
    untouched();
  });
  it('a server stopped before its rebuild was served rebuilds when it starts again: no accepted write stays out of the site', async () => {
    const writer = createToken(state, 'mairie-test').token;
    const res = await fetch(action('package_patch'), {
      method: 'POST',
      headers: { Authorization: writer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'gares', title: 'Gares (titre changé avant un arrêt)' }),
    });
    expect(res.status).toBe(200);
    // Killed at once, before its rebuild is served (the rebuild, a process group of its own, may
    // still end): the marker of writes waiting for a build stays, and the next start rebuilds.
    await server.kill('SIGKILL');
    expect(existsSync(join(content, '.publishing', 'pending'))).toBe(true);
    const served = () => fetch(`${server.url}/api/3/action/package_show?id=gares`).then(async (r) => ((await r.json()) as { result: { title: string } }).result.title);
    server = await startServer(dist, serverEnv());
    expect(server.log()).toMatch(/writes accepted by an earlier run are not in the served build; rebuilding/);
    const deadline = Date.now() + 240_000;
    while ((await served()) !== 'Gares (titre changé avant un arrêt)') {
      expect(Date.now(), server.log()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    while (existsSync(join(content, '.publishing', 'pending'))) {
      expect(Date.now(), server.log()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 300_000);
});
