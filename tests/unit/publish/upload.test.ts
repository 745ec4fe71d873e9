// The streaming multipart reader and the token header forms of the CKAN write API.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { presentedToken } from '../../../src/publish/ckan-write.ts';
import { multipartBoundary, readMultipart, UploadError } from '../../../src/publish/upload.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'upload-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BOUNDARY = '----formdata-undici-0123456789';
const FILE = Buffer.from('a,b\r\n1,2\r\n--not-a-boundary\r\n\r\n3,4\r\n');
const body = Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="id"\r\n\r\nds/res\r\n`),
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; filename="C:\\\\x\\\\data.csv"\r\nContent-Type: text/csv\r\n\r\n`),
  FILE,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);

async function* chunks(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('readMultipart', () => {
  it('reads fields and streams the file whatever the chunk size, with its SHA-256', async () => {
    for (const size of [1, 2, 3, 7, 16, 61, body.length]) {
      const dir = temp();
      const form = await readMultipart(chunks(body, size), BOUNDARY, { tempDir: dir, maxFile: 1024 });
      expect(form.fields).toEqual({ id: 'ds/res' });
      expect(form.file).toMatchObject({ field: 'upload', filename: 'data.csv', bytes: FILE.length, sha256: createHash('sha256').update(FILE).digest('hex') });
      expect(readFileSync(form.file!.path)).toEqual(FILE);
    }
  });

  it('a file over the limit, or a body cut before its end, leaves no file behind', async () => {
    const dir = temp();
    await expect(readMultipart(chunks(body, 5), BOUNDARY, { tempDir: dir, maxFile: 10 })).rejects.toMatchObject({ kind: 'too_large' });
    expect(readdirSync(dir)).toEqual([]);
    await expect(readMultipart(chunks(body.subarray(0, body.length - 20), 5), BOUNDARY, { tempDir: dir, maxFile: 1024 })).rejects.toBeInstanceOf(UploadError);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });

  it('streams a large file without leaving a listener behind at each wait for the disk', async () => {
    const big = Buffer.alloc(32 * 1024 * 1024, 'a,b\r\n1,2\r\n');
    const large = Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; filename="big.csv"\r\n\r\n`), big, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const form = await readMultipart(chunks(large, 256 * 1024), BOUNDARY, { tempDir: temp(), maxFile: 64 * 1024 * 1024 });
      expect(form.file?.bytes).toBe(big.length);
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('finds the boundary in the Content-Type header', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/json')).toBeUndefined();
  });
});

describe('presentedToken', () => {
  it('reads the token as CKAN clients send it', () => {
    expect(presentedToken({ authorization: 'cdp_abc' })).toBe('cdp_abc');
    expect(presentedToken({ authorization: 'Bearer cdp_abc' })).toBe('cdp_abc');
    expect(presentedToken({ 'x-ckan-api-key': 'cdp_abc' })).toBe('cdp_abc');
    expect(presentedToken({ authorization: 'Basic a b' })).toBeUndefined();
    expect(presentedToken({})).toBeUndefined();
    // Behind a proxy asking for a password (nginx auth_basic), Authorization carries it: the token comes in X-CKAN-API-Key.
    expect(presentedToken({ authorization: 'Basic dXNlcjpwYXNz', 'x-ckan-api-key': 'cdp_abc' })).toBe('cdp_abc');
  });
});

describe('file names of multipart parts', () => {
  const named = (disposition: string) =>
    Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; ${disposition}\r\n\r\n`), FILE, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);

  it("reads RFC 5987's filename*= (older urllib3, hence ckanapi, for a name that is not ASCII) as the file, not as a text field", async () => {
    const form = await readMultipart(chunks(named(`filename*=utf-8''Lits%20r%C3%A9a.csv`), 7), BOUNDARY, { tempDir: temp(), maxFile: 1024 });
    expect(form.fields).toEqual({});
    expect(form.file).toMatchObject({ field: 'upload', filename: 'Lits réa.csv', bytes: FILE.length });
    const latin = await readMultipart(chunks(named(`filename="x.csv"; filename*=ISO-8859-1''caf%E9.csv`), 7), BOUNDARY, { tempDir: temp(), maxFile: 1024 });
    expect(latin.file?.filename).toBe('café.csv');
    const traversal = await readMultipart(chunks(named(`filename*=UTF-8''..%2F..%2Fetc%2Fpasswd.csv`), 7), BOUNDARY, { tempDir: temp(), maxFile: 1024 });
    expect(traversal.file?.filename).toBe('passwd.csv');
  });
});
