// OpenAPI 3.1 description of every API of the portal: search, rows, events, the CKAN subset.
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const ckanOk = (result: unknown) => ({
  type: 'object',
  required: ['help', 'success', 'result'],
  properties: { help: { type: 'string', format: 'uri' }, success: { const: true }, result },
});
const ckanResponses = (result: unknown, extra: Record<string, unknown> = {}) => ({
  '200': json(ckanOk(result), 'CKAN envelope with the result'),
  '400': json({ oneOf: [ref('CkanError'), { type: 'string' }] }, 'Bad request: unknown action (a bare JSON string, as CKAN answers) or an invalid search query'),
  '409': json(ref('CkanError'), 'Validation error: a missing or invalid parameter'),
  ...extra,
});
const q = (name: string, description: string, schema: unknown = { type: 'string' }, extra: Record<string, unknown> = {}) => ({ name, in: 'query', description, schema, ...extra });
const facetParam = (name: string, what: string) => q(name, `Filter on ${what}; repeat for either of several values.`, { type: 'array', items: { type: 'string' } }, { style: 'form', explode: true });
const ckanAction = (action: string, summary: string, parameters: unknown[], result: unknown, extra: Record<string, unknown> = {}) => ({
  [`/api/3/action/${action}`]: {
    get: { operationId: `ckan_${action}`, tags: ['CKAN'], summary, parameters, responses: ckanResponses(result, extra) },
    post: {
      operationId: `ckan_${action}_post`,
      tags: ['CKAN'],
      summary: `${summary} (parameters as a JSON object)`,
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: ckanResponses(result, extra),
    },
  },
});
/** A CKAN write action (src/publish/ckan-write.ts): POST only, a publisher token, JSON, form-encoded or multipart bodies. */
const ckanWrite = (action: string, summary: string, description: string, fields: Record<string, unknown>, required: string[], result: unknown, upload: boolean) => {
  const schema = { type: 'object', required, properties: fields };
  const multipart = {
    type: 'object',
    required,
    properties: { ...fields, upload: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The file, streamed to disk (PORTAL_MAX_UPLOAD bytes at most).' } },
  };
  return {
    [`/api/3/action/${action}`]: {
      post: {
        operationId: `ckan_${action}`,
        tags: ['CKAN'],
        summary,
        description: `${description} The token goes as CKAN clients send it: \`Authorization: <token>\`, \`X-CKAN-API-Key: <token>\` or \`Authorization: Bearer <token>\`. An accepted write is stored in the content folder (committed to git when it is a repository); the written dataset is shown as soon as the write is answered (its page, /api/search, package_show, catalog.jsonld) and the portal is rebuilt and reloaded behind it; docs/publishing.md.`,
        security: [{ ckanToken: [] }, { ckanApiKey: [] }, { bearer: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema },
            'application/x-www-form-urlencoded': { schema },
            ...(upload ? { 'multipart/form-data': { schema: multipart } } : {}),
          },
        },
        responses: {
          '200': json(ckanOk(result), 'CKAN envelope with the result'),
          '400': json({ oneOf: [ref('CkanError'), { type: 'string' }] }, 'Bad request: a body that is not a JSON object, or an interrupted upload'),
          '403': json(ref('CkanError'), 'Authorization Error: no token, an unknown, revoked or expired one, or one of another publisher'),
          '404': json(ref('CkanError'), 'Not Found Error: no such dataset or resource'),
          '409': json(ref('CkanError'), 'Validation Error: every error, by field (`upload` for the file), each naming file, line and column'),
          '429': json(ref('CkanError'), 'Rate Limit Error: over PORTAL_PUBLISH_RATE_LIMIT writes a minute for this token; `Retry-After` says when to retry'),
          ...(upload ? { '413': json(ref('CkanError'), 'The file is over PORTAL_MAX_UPLOAD') } : {}),
        },
      },
    },
  };
};
const packageFields = {
  title: { type: 'string', description: 'dataset.yaml title.' },
  notes: { type: 'string', description: 'dataset.yaml description (Markdown).' },
  owner_org: { type: 'string', description: "Publisher id; the token's publisher when absent (another one: 403)." },
  license_id: { type: 'string', description: 'Licence id (SPDX or a known open licence).' },
  groups: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } }, description: 'The first group is the sector (as package_show lists it); or `sector`.' },
  sector: { type: 'string', description: 'Sector id (the same as groups[0].name).' },
  frequency: { type: 'string', description: 'Update frequency (irregular when absent).' },
  tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
  extras: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } } }, description: '`sector` and `frequency` may come as extras too.' },
};
const slugParam = { name: 'slug', in: 'path', required: true, description: 'Dataset slug (its folder name).', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' } };
const listParams = [
  q('all_fields', 'Return whole objects instead of names.', { type: 'boolean' }),
  q('sort', '`title asc` (default), `name asc|desc`, `package_count desc`.'),
  q('limit', 'At most this many.', { type: 'integer', minimum: 0 }),
  q('offset', 'Skip this many.', { type: 'integer', minimum: 0 }),
];
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };

export function openApiDocument(info: { title: string; baseUrl: string; version?: string }) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${info.title} API`,
      version: info.version ?? '1',
      description:
        'Every API of the portal: search, rows (read and push), server-sent events and a CKAN-compatible read API. Errors share one shape, `{"error": {"code", "message", "details"}}`, except the CKAN API, which answers with CKAN\'s own envelope so CKAN clients work unchanged.',
    },
    servers: [{ url: info.baseUrl.replace(/\/+$/, '') }],
    tags: [
      { name: 'Search' },
      { name: 'Rows' },
      { name: 'Dashboards', description: 'Figures of the dashboards (dashboards/<id>.yaml), computed at build.' },
      {
        name: 'CKAN',
        description:
          'CKAN action API v3 (https://docs.ckan.org/en/latest/api/): a read subset, and package_create, package_patch, resource_create, resource_patch for publishers (docs/publishing.md).',
      },
    ],
    paths: {
      '/api/search': {
        get: {
          operationId: 'search',
          tags: ['Search'],
          summary: 'Search datasets: typo-tolerant, prefix-matching, accent-insensitive, with facets',
          parameters: [
            q('q', 'Words to search for.'),
            facetParam('sector', 'sector ids'),
            facetParam('publisher', 'publisher ids'),
            facetParam('license', 'licence ids'),
            facetParam('format', 'file formats'),
            facetParam('tag', 'keywords'),
            facetParam('frequency', 'update frequencies'),
            q('sort', 'Order of hits.', { type: 'string', enum: ['relevance', 'updated', 'title'], default: 'relevance' }),
            q('page', 'Page number, from 1.', { type: 'integer', minimum: 1, default: 1 }),
            q('hitsPerPage', 'Hits per page.', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
            q('lang', 'Language of titles and descriptions in hits.'),
          ],
          responses: { '200': json(ref('SearchResult'), 'Hits, facets and paging'), '400': error('Invalid parameter') },
        },
      },
      '/api/dashboards/{id}': {
        parameters: [
          { name: 'id', in: 'path', required: true, description: 'Dashboard id: the name of its file in dashboards/ without .yaml.', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' } },
        ],
        get: {
          operationId: 'getDashboard',
          tags: ['Dashboards'],
          summary:
            "Every figure of a dashboard: for each indicator its latest value and change, its daily series for the whole area and for every territory (by layer code, with the territory's name)",
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['id', 'title', 'indicators'],
                properties: {
                  id: { type: 'string' },
                  title: { type: 'string', description: "In the portal's default language." },
                  titles: { type: 'object', additionalProperties: { type: 'string' }, description: 'The title in each language of the portal, e.g. {"fr": "…", "en": "…"}.' },
                  url: { type: 'string', format: 'uri' },
                  indicators: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'title', 'dates', 'total', 'territories'],
                      properties: {
                        id: { type: 'string' },
                        title: { type: 'string', description: "In the portal's default language." },
                        titles: { type: 'object', additionalProperties: { type: 'string' }, description: 'The title in each language of the portal.' },
                        unit: { type: ['string', 'null'] },
                        units: { type: ['object', 'null'], additionalProperties: { type: 'string' }, description: 'The unit in each language of the portal.' },
                        dataset: { type: 'string' },
                        higherIs: { type: 'string', enum: ['worse', 'better', 'neutral'] },
                        latest: { type: ['object', 'null'], description: 'value, date, previous, change, changePercent, direction, meaning' },
                        reporting: { type: ['object', 'null'], description: 'Live data: reporters that have reported for the latest day (date, reported, reporters).' },
                        dates: { type: 'array', items: { type: 'string' }, description: 'Every day (YYYY-MM-DD), oldest first; [""] for an indicator without dates.' },
                        total: { type: 'array', items: { type: ['number', 'null'] }, description: 'Whole area, one value per date; null: no figure that day.' },
                        territories: {
                          type: 'object',
                          additionalProperties: { type: 'object', properties: { name: { type: 'string' }, values: { type: 'array', items: { type: ['number', 'null'] } } } },
                        },
                      },
                    },
                  },
                },
              },
              'The figures, as the dashboard page shows them',
            ),
          },
        },
      },
      '/dashboards/{id}/map/{indicator}/day/': {
        parameters: [
          { name: 'id', in: 'path', required: true, description: 'Dashboard id.', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' } },
          { name: 'indicator', in: 'path', required: true, description: 'An indicator of the dashboard with figures per territory (one that has a map).', schema: { type: 'string' } },
        ],
        get: {
          operationId: 'getDashboardMapDay',
          tags: ['Dashboards'],
          summary: "One day of an indicator's map: each territory's figure that day",
          description:
            'Without `format`, the map page of that day (HTML, in the language of the address prefix: `/<lang>/dashboards/…`). Public and cacheable: an ETag per build, figures, language and day; If-None-Match gets a 304.',
          parameters: [
            q('day', "The day (YYYY-MM-DD), one of the indicator's `dates` in /api/dashboards/{id}.", { type: 'string', format: 'date' }, { required: true }),
            q('format', 'csv or json: the figures of that day; svg: the map of that day as an image; without it, the HTML page.', { type: 'string', enum: ['csv', 'json', 'svg'] }),
          ],
          responses: {
            '200': {
              description: "That day's figure per territory (null, or an empty CSV cell: no figure)",
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['dashboard', 'indicator', 'title', 'day', 'territories'],
                    properties: {
                      dashboard: str,
                      indicator: str,
                      title: str,
                      day: { type: 'string', format: 'date' },
                      territories: { type: 'array', items: { type: 'object', required: ['code', 'name', 'value'], properties: { code: str, name: str, value: { type: ['number', 'null'] } } } },
                    },
                  },
                },
                'text/csv': { schema: { type: 'string', description: 'Header `code,name,value`, a row per territory.' } },
                'image/svg+xml': { schema: { type: 'string', description: 'The map of that day (format=svg): a title per territory, the legend drawn in.' } },
                'text/html': { schema: { type: 'string' } },
              },
            },
            '304': { description: 'Not modified (If-None-Match)' },
            '400': error('`day` missing or not a day written YYYY-MM-DD (details: field, first and last day)'),
            '404': error('No figures that day, or no such dashboard or mapped indicator'),
          },
        },
      },
      '/api/datasets/{slug}/rows': {
        parameters: [slugParam],
        get: {
          operationId: 'getRows',
          tags: ['Rows'],
          summary: 'Current rows of a live dataset: the published file plus every pushed row',
          description: 'JSON is paged (limit, offset, next); CSV is complete (limit and offset are refused). Key fields filter by equality; from and to bound the date field.',
          parameters: [
            q('format', 'Answer format.', { type: 'string', enum: ['json', 'csv'], default: 'json' }),
            q('raw', 'CSV only: 1 for the exact values; by default text that a spreadsheet would run as a formula (= + - @) starts with an apostrophe.', {
              type: 'string',
              enum: ['0', '1'],
              default: '0',
            }),
            q('limit', 'JSON rows per page.', { type: 'integer', minimum: 1, maximum: 10000, default: 100 }),
            q('offset', 'JSON rows to skip.', { type: 'integer', minimum: 0, default: 0 }),
            q('from', 'First day (YYYY-MM-DD) of the date field, inclusive.', { type: 'string', format: 'date' }),
            q('to', 'Last day (YYYY-MM-DD) of the date field, inclusive.', { type: 'string', format: 'date' }),
            q('asOf', 'The data as it was known at this time (ISO date-time with its zone), from the audit log: later corrections and retractions left out.', { type: 'string', format: 'date-time' }),
          ],
          responses: {
            '200': {
              description: 'The rows (cast values, as the Table Schema defines them)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['rows', 'total', 'offset', 'limit', 'next', 'lastArrival'],
                    properties: {
                      rows: {
                        type: 'array',
                        items: { type: 'object' },
                        description: 'A row whose jump its reporter confirmed (pushed with ?confirm=jumps) has one more property, "_confirmed": true; the CSV has the Table Schema\'s columns only',
                      },
                      total: { type: 'integer', minimum: 0 },
                      offset: { type: 'integer', minimum: 0 },
                      limit: { type: 'integer', minimum: 1 },
                      next: { type: ['string', 'null'], description: 'Address of the next page, null on the last one' },
                      lastArrival: { type: ['string', 'null'], format: 'date-time', description: 'When a pushed row last arrived (UTC)' },
                    },
                  },
                },
                'text/csv': { schema: str },
              },
            },
            '400': error('Invalid parameter'),
            '404': error('Unknown dataset, or not live'),
            '503': error('The live-data store cannot be opened; retry later (Retry-After)'),
          },
        },
        post: {
          operationId: 'pushRows',
          tags: ['Rows'],
          summary: 'Push rows to a live dataset; stored whole or not at all',
          security: [{ bearer: [] }],
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: str },
            q(
              'confirm',
              'jumps: the reporter confirms values beyond the dataset\'s jump factor (live.jump) against its previous value; without it such a push is refused (unconfirmed_jump). Confirmed rows are marked ("_confirmed": true in the JSON rows, confirmed in the audit log).',
              { type: 'string', enum: ['jumps'] },
            ),
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['rows'],
                  properties: { rows: { type: 'array', items: { type: 'object' } }, reason: { type: 'string', maxLength: 500, description: 'Why (for a correction): kept in the audit log' } },
                },
              },
              'text/csv': { schema: str },
            },
          },
          responses: {
            '201': json({ type: 'object', required: ['accepted'], properties: { accepted: { type: 'integer', minimum: 0 } } }, 'Stored; durable before this answer'),
            '400': error('Unreadable body'),
            '401': error('No or unknown token'),
            '403': error(
              'Token not allowed for this dataset (forbidden), or rows of another reporter than the token is limited to (forbidden_reporter; details: [{row, field, message}] naming both); nothing stored',
            ),
            '404': error('Unknown dataset, or not live'),
            '409': error('Same Idempotency-Key with a different body'),
            '413': error('Body too large (PORTAL_MAX_BODY, 1 MB by default), more rows than PORTAL_PUSH_MAX_ROWS (10,000) or a CSV header wider than PORTAL_PUSH_MAX_COLUMNS (1,000)'),
            '415': error('Content-Type is neither application/json nor text/csv, an unknown charset, or JSON not in UTF-8'),
            '422': error(
              'Rows break the Table Schema (invalid_rows), or are not plausible: a date to come or before the dataset start, a broken rule of the dataset (implausible_rows), or values that jump beyond the dataset\'s factor against the reporter\'s previous value without ?confirm=jumps (unconfirmed_jump; each detail names the previous value, its date and the factor); details: [{row, field, message}], at most 100 listed then one "… and N more"; nothing stored',
            ),
            '429': error('Too many requests with this token; see the Retry-After header'),
            '503': error('The live-data store cannot be opened; retry later (Retry-After)'),
          },
        },
        delete: {
          operationId: 'retractRows',
          tags: ['Rows'],
          summary: "Retract rows (a reporter's own), each logged with who, when and why; all or none",
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['keys', 'reason'],
                  properties: { keys: { type: 'array', minItems: 1, items: { type: 'object' } }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
                },
              },
            },
          },
          responses: {
            '200': json({ type: 'object', required: ['retracted'], properties: { retracted: { type: 'integer', minimum: 0 } } }, 'Retracted; durable before this answer'),
            '400': error('Unreadable body, no keys, or no reason'),
            '401': error('No or unknown token'),
            '403': error('Token not allowed for this dataset, or a row of another reporter (forbidden_reporter)'),
            '404': error('Unknown dataset, or a key with no row (row_not_found; details name them)'),
            '413': error('More keys than PORTAL_PUSH_MAX_ROWS'),
            '415': error('Content-Type is not application/json'),
            '422': error('A key value does not cast (invalid_keys)'),
            '429': error('Too many requests with this token; see the Retry-After header'),
          },
        },
      },
      '/api/datasets/{slug}/audit': {
        parameters: [slugParam],
        get: {
          operationId: 'auditLog',
          tags: ['Rows'],
          summary: "The audit log of a live dataset: every version of every row, who, when, why (the dataset's publisher only)",
          description:
            'Streamed, oldest first, read from the store 1,000 entries at a time. Needs a token of the publisher that is not limited to reporters. Each entry: id (increasing), at (UTC; null for the published file), action (seed, write, retract), key, reporter, token (the id, never the secret), reason, confirmed (a jump confirmed by the reporter), data (the row written; null for a retraction). The CSV has these columns, data as JSON, text neutralised for spreadsheets.',
          security: [{ bearer: [] }],
          parameters: [q('format', 'Answer format.', { type: 'string', enum: ['json', 'csv'], default: 'json' })],
          responses: {
            '200': {
              description: 'The whole log',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['dataset', 'entries'],
                    properties: {
                      dataset: str,
                      entries: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['id', 'key', 'action', 'data', 'reporter', 'at', 'token', 'reason', 'confirmed'],
                          properties: {
                            id: { type: 'integer' },
                            key: str,
                            action: { type: 'string', enum: ['seed', 'write', 'retract'] },
                            data: { type: ['object', 'null'] },
                            reporter: { type: ['string', 'null'] },
                            at: { type: ['string', 'null'], format: 'date-time' },
                            token: { type: ['string', 'null'] },
                            reason: { type: ['string', 'null'] },
                            confirmed: { type: 'boolean' },
                          },
                        },
                      },
                    },
                  },
                },
                'text/csv': { schema: str },
              },
            },
            '400': error('Invalid parameter'),
            '401': error('No or unknown token'),
            '403': error('A token of another publisher or dataset (forbidden), or one limited to reporters (forbidden_audit)'),
            '404': error('Unknown dataset, or not live'),
            '503': error('The live-data store cannot be opened; retry later (Retry-After)'),
          },
        },
      },
      '/api/datasets/{slug}/completeness': {
        parameters: [slugParam],
        get: {
          operationId: 'completeness',
          tags: ['Rows'],
          summary: 'Who reported for a period, and who is missing (declared reporters of a live dataset)',
          parameters: [{ name: 'period', in: 'query', required: true, description: 'A day (2020-11-15), an ISO week (2020-W46) or a month (2020-11).', schema: str }],
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['period', 'expected', 'reported', 'missing'],
                properties: {
                  period: str,
                  expected: { type: 'integer', minimum: 0 },
                  reported: { type: 'integer', minimum: 0 },
                  missing: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: str, name: str, territory: str } } },
                },
              },
              'Reporters expected for the period (those of its kind: daily, weekly or monthly), how many sent a row dated in it, and who did not',
            ),
            '400': error('No or invalid period'),
            '404': error('Unknown dataset, or not live'),
          },
        },
      },
      '/api/datasets/{slug}/events': {
        parameters: [slugParam],
        get: {
          operationId: 'rowEvents',
          tags: ['Rows'],
          summary: 'Server-sent events: rows of a live dataset as they arrive',
          description:
            'Each `rows` event (rows written) and `retracted` event (rows retracted, as they were) has an id from one sequence (resume with the Last-Event-ID header, or ?lastEventId= on a first connection) and data {"arrived": UTC time, "rows": [...]}. A comment line is sent every 15 s.',
          parameters: [{ name: 'Last-Event-ID', in: 'header', required: false, schema: str }, q('lastEventId', 'Resume after this event id.', { type: 'integer', minimum: 0 })],
          responses: {
            '200': { description: 'An event stream (text/event-stream); each event carries rows as JSON', content: { 'text/event-stream': { schema: str } } },
            '400': error('Invalid Last-Event-ID'),
            '404': error('Unknown dataset, or not live'),
          },
        },
      },
      ...ckanAction('package_list', 'Names of every dataset', [q('limit', 'At most this many.', { type: 'integer', minimum: 0 }), q('offset', 'Skip this many.', { type: 'integer', minimum: 0 })], {
        type: 'array',
        items: str,
      }),
      ...ckanAction(
        'current_package_list_with_resources',
        'Datasets with their resources, the most recently modified first',
        [
          q('limit', 'At most this many (at most 1000).', { type: 'integer', minimum: 0, maximum: 1000, default: 10 }),
          q('offset', 'Skip this many.', { type: 'integer', minimum: 0, default: 0 }),
          q('page', 'Page number (from 1) of `limit` datasets, when no offset is given.', { type: 'integer', minimum: 1 }),
        ],
        { type: 'array', items: ref('CkanPackage') },
      ),
      ...ckanAction('package_show', 'One dataset', [q('id', 'Dataset name (slug).', str, { required: true })], ref('CkanPackage'), { '404': json(ref('CkanError'), 'No such dataset') }),
      ...ckanAction(
        'package_search',
        'Search datasets (Solr-style parameters)',
        [
          q('q', 'Words to search for; `field:value` terms also work.'),
          q('fq', 'Filter terms `field:value` (groups, organization, tags, res_format, license_id, name, metadata_modified:[from TO to]); `-field:value` excludes.'),
          q('rows', 'Results per page (at most 1000).', { type: 'integer', minimum: 0, maximum: 1000, default: 10 }),
          q('start', 'Offset of the first result.', { type: 'integer', minimum: 0, default: 0 }),
          q('sort', '`score desc, metadata_modified desc` (default), `metadata_modified desc`, `name asc`, `title_string asc`…'),
          q('facet.field', 'JSON list of fields to count: groups, organization, tags, res_format, license_id.'),
          q('facet.limit', 'Values per facet.', { type: 'integer', minimum: 0 }),
        ],
        ref('CkanSearchResult'),
      ),
      ...ckanAction('organization_list', 'Publishers (CKAN organizations)', listParams, { type: 'array', items: { oneOf: [str, ref('CkanOrganization')] } }),
      ...ckanAction(
        'organization_show',
        'One publisher',
        [q('id', 'Publisher id.', str, { required: true }), q('include_datasets', 'Include its datasets.', { type: 'boolean' })],
        ref('CkanOrganization'),
        { '404': json(ref('CkanError'), 'No such organization') },
      ),
      ...ckanAction('group_list', 'Sectors (CKAN groups)', listParams, { type: 'array', items: { oneOf: [str, ref('CkanOrganization')] } }),
      ...ckanAction('group_show', 'One sector', [q('id', 'Sector id.', str, { required: true }), q('include_datasets', 'Include its datasets.', { type: 'boolean' })], ref('CkanOrganization'), {
        '404': json(ref('CkanError'), 'No such group'),
      }),
      ...ckanWrite(
        'package_create',
        'Create a dataset',
        'Without resources the dataset is a draft (state "draft"), published by its first resource_create.',
        { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,99}$', description: 'The slug: its folder and address.' }, ...packageFields },
        ['name'],
        { type: 'object', required: ['name', 'state'], properties: { name: str, state: { enum: ['draft', 'active'] } } },
        false,
      ),
      ...ckanWrite(
        'package_patch',
        'Change some metadata of a dataset',
        'Only the fields sent change.',
        { id: { type: 'string', description: 'Dataset name (slug).' }, ...packageFields },
        ['id'],
        ref('CkanPackage'),
        false,
      ),
      ...ckanWrite(
        'resource_create',
        'Add a file, or a link to a file hosted elsewhere, to a dataset',
        "The file is checked with the build's validation before it is put in place. Without a file, `url` (https:// or http://, no user name or password) adds a link: listed on the page and in the exports, never fetched or checked.",
        {
          package_id: str,
          name: { type: 'string', description: 'Resource name; from the file name (or the last segment of `url`) when absent.' },
          url: { type: 'string', format: 'uri', description: 'Address of a file hosted elsewhere, when no file is sent.' },
          format: str,
          description: str,
        },
        ['package_id'],
        ref('CkanResource'),
        true,
      ),
      ...ckanWrite(
        'resource_patch',
        'Upload a new version of a file (or change its format or description, or the address of a link)',
        'The previous file stays downloadable at /datasets/<slug>/files/versions/<time>/<file>, listed on the dataset page and in DCAT (dcat:hasVersion).',
        {
          id: { type: 'string', description: 'Resource id: <dataset>/<resource>, as package_show lists it.' },
          url: { type: 'string', format: 'uri', description: 'New address of a link (url: resource).' },
          format: str,
          description: str,
        },
        ['id'],
        ref('CkanResource'),
        true,
      ),
      ...ckanAction('status_show', 'Site information', [], {
        type: 'object',
        required: ['site_title', 'site_url', 'ckan_version', 'locale_default', 'extensions'],
        properties: { site_title: str, site_description: str, site_url: str, ckan_version: str, error_emails_to: nullableStr, locale_default: str, extensions: { type: 'array', items: str } },
      }),
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Publisher token (npm run token -- create …)' },
        ckanToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Publisher token, bare, as CKAN clients (ckanapi) send it' },
        ckanApiKey: { type: 'apiKey', in: 'header', name: 'X-CKAN-API-Key', description: 'Publisher token, as older CKAN clients send it' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message', 'details'], properties: { code: str, message: str, details: { type: 'array' } } } },
        },
        SearchHit: {
          type: 'object',
          required: ['slug', 'url', 'title', 'description', 'sector', 'publisher', 'updated'],
          properties: {
            slug: str,
            url: str,
            title: str,
            description: str,
            sector: str,
            publisher: str,
            updated: { type: 'string', format: 'date' },
            _formatted: { type: 'object', properties: { title: str, description: str } },
          },
        },
        SearchResult: {
          type: 'object',
          required: ['query', 'hits', 'facetDistribution', 'totalHits', 'page', 'hitsPerPage', 'totalPages', 'processingTimeMs', 'backend'],
          properties: {
            query: str,
            hits: { type: 'array', items: ref('SearchHit') },
            facetDistribution: {
              type: 'object',
              properties: Object.fromEntries(['sector', 'publisher', 'license', 'format', 'tag', 'frequency'].map((f) => [f, { type: 'object', additionalProperties: { type: 'integer' } }])),
            },
            totalHits: { type: 'integer', minimum: 0 },
            page: { type: 'integer', minimum: 1 },
            hitsPerPage: { type: 'integer', minimum: 1, maximum: 100 },
            totalPages: { type: 'integer', minimum: 0 },
            processingTimeMs: { type: 'number', minimum: 0 },
            backend: str,
          },
        },
        CkanError: {
          type: 'object',
          required: ['help', 'success', 'error'],
          properties: { help: str, success: { const: false }, error: { type: 'object', required: ['__type'], properties: { __type: str, message: str } } },
        },
        CkanResource: {
          type: 'object',
          required: ['id', 'package_id', 'name', 'url', 'format', 'mimetype', 'size', 'hash', 'position'],
          properties: {
            id: str,
            package_id: str,
            name: str,
            description: str,
            url: { type: 'string', format: 'uri' },
            format: str,
            mimetype: str,
            size: { type: ['integer', 'null'], minimum: 0, description: 'Bytes; null for a download derived at build (its size is on the dataset page).' },
            hash: str,
            position: { type: 'integer' },
            created: str,
            last_modified: str,
            metadata_modified: str,
            state: str,
            url_type: nullableStr,
            resource_type: nullableStr,
            schema: str,
          },
        },
        CkanOrganization: {
          type: 'object',
          required: ['id', 'name', 'title', 'is_organization', 'type'],
          properties: {
            id: str,
            name: str,
            title: str,
            display_name: str,
            description: str,
            image_url: str,
            created: str,
            is_organization: { type: 'boolean' },
            approval_status: str,
            state: str,
            type: str,
            package_count: { type: 'integer' },
            packages: { type: 'array', items: ref('CkanPackage') },
          },
        },
        CkanPackage: {
          type: 'object',
          required: ['id', 'name', 'title', 'notes', 'license_id', 'metadata_modified', 'organization', 'resources', 'tags', 'extras', 'groups'],
          properties: {
            id: str,
            name: str,
            title: str,
            notes: str,
            url: str,
            type: str,
            state: str,
            private: { type: 'boolean' },
            isopen: { type: 'boolean' },
            version: nullableStr,
            author: nullableStr,
            author_email: nullableStr,
            maintainer: nullableStr,
            maintainer_email: nullableStr,
            license_id: str,
            license_title: str,
            license_url: str,
            metadata_created: str,
            metadata_modified: str,
            owner_org: str,
            organization: ref('CkanOrganization'),
            groups: { type: 'array', items: { type: 'object', required: ['name'], properties: { id: str, name: str, title: str, display_name: str, description: str, image_display_url: str } } },
            tags: { type: 'array', items: { type: 'object', required: ['name'], properties: { id: str, name: str, display_name: str, state: str, vocabulary_id: nullableStr } } },
            resources: { type: 'array', items: ref('CkanResource') },
            num_resources: { type: 'integer' },
            num_tags: { type: 'integer' },
            extras: { type: 'array', items: { type: 'object', required: ['key', 'value'], properties: { key: str, value: str } } },
          },
        },
        CkanSearchResult: {
          type: 'object',
          required: ['count', 'results', 'facets', 'search_facets', 'sort'],
          properties: { count: { type: 'integer', minimum: 0 }, results: { type: 'array', items: ref('CkanPackage') }, facets: { type: 'object' }, search_facets: { type: 'object' }, sort: str },
        },
      },
    },
  };
}
