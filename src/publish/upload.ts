import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { extname, join } from 'node:path';

/**
 * multipart/form-data read as it arrives (RFC 7578): the text fields kept in memory (small), the
 * one file streamed to a temporary file with its size counted against a limit and its SHA-256
 * computed on the way. Nothing is put in place here: the caller renames the temporary file only
 * after validation passed, and removes it otherwise (`discard`). A body cut half-way, or over the
 * limit, leaves no file behind.
 */
export interface UploadedFile {
  field: string;
  /** The name the client gave (only its last path segment). */
  filename: string;
  /** The temporary file. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface FormBody {
  fields: Record<string, string>;
  file?: UploadedFile;
}

export class UploadError extends Error {
  constructor(
    readonly kind: 'too_large' | 'fields_too_large' | 'incomplete' | 'malformed' | 'two_files',
    message: string,
  ) {
    super(message);
  }
}

/** The fields' total size: forms of the write API carry metadata, never data, outside the file. */
export const MAX_FIELDS_BYTES = 256 * 1024;

export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function partHeaders(block: string): { name?: string; filename?: string } {
  const disposition = block.split('\r\n').find((l) => /^content-disposition\s*:/i.test(l)) ?? '';
  const name = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
  // filename*=UTF-8''%C3%A9t%C3%A9.csv (RFC 5987, sent by older urllib3 and so by ckanapi for a
  // name that is not ASCII) wins over the plain filename="…" sent next to it.
  const extended = /;\s*filename\*\s*=\s*(utf-8|iso-8859-1)'[^']*'([^;\s]*)/i.exec(disposition);
  let filename = /;\s*filename="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
  if (extended) {
    const encoded = extended[2]!;
    try {
      filename =
        extended[1]!.toLowerCase() === 'utf-8'
          ? decodeURIComponent(encoded)
          : Buffer.from(
              encoded.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ).toString('latin1');
    } catch {
      filename = encoded;
    }
  }
  return { name, filename: filename?.split(/[\\/]/).pop() };
}

function write(stream: WriteStream, chunk: Buffer): Promise<void> {
  return new Promise((done, fail) => {
    if (stream.write(chunk)) return done();
    // Each listener removed with the other: a large upload waits for 'drain' thousands of times,
    // and error listeners left behind made Node warn of a leak (MaxListenersExceededWarning).
    const drained = () => {
      stream.off('error', failed);
      done();
    };
    const failed = (e: Error) => {
      stream.off('drain', drained);
      fail(e);
    };
    stream.once('drain', drained);
    stream.once('error', failed);
  });
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((done, fail) => {
    stream.once('error', fail);
    stream.end(done);
  });
}

/** Read a multipart body; the file goes to a fresh file in `tempDir`, at most `maxFile` bytes. */
export async function readMultipart(req: AsyncIterable<Buffer>, boundary: string, options: { tempDir: string; maxFile: number }): Promise<FormBody> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  let fieldBytes = 0;
  let file: UploadedFile | undefined;
  let stream: WriteStream | undefined;
  let hash: ReturnType<typeof createHash> | undefined;
  let field: { name: string; parts: Buffer[] } | undefined;
  // The body starts with the first delimiter without its CRLF: pretend one came before it.
  let buffer: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  const emit = async (bytes: Buffer) => {
    if (bytes.length === 0) return;
    if (stream && file && hash) {
      file.bytes += bytes.length;
      if (file.bytes > options.maxFile) throw new UploadError('too_large', `The file is larger than the limit of ${options.maxFile} bytes.`);
      hash.update(bytes);
      await write(stream, bytes);
    } else if (field) {
      fieldBytes += bytes.length;
      if (fieldBytes > MAX_FIELDS_BYTES) throw new UploadError('fields_too_large', `The form's fields are larger than ${MAX_FIELDS_BYTES} bytes.`);
      field.parts.push(bytes);
    }
  };
  const endPart = async () => {
    if (stream) {
      await close(stream);
      file!.sha256 = hash!.digest('hex');
      stream = undefined;
      hash = undefined;
    } else if (field) {
      fields[field.name] = Buffer.concat(field.parts).toString('utf8');
      field = undefined;
    }
  };
  try {
    for await (const chunk of req) {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        if (state === 'done') break;
        if (state === 'preamble' || state === 'body') {
          const at = buffer.indexOf(delimiter);
          if (at < 0) {
            // Keep what could be the start of a delimiter; the rest is part content.
            const keep = Math.min(buffer.length, delimiter.length + 3);
            if (state === 'body') await emit(buffer.subarray(0, buffer.length - keep));
            buffer = buffer.subarray(buffer.length - keep);
            break;
          }
          if (buffer.length < at + delimiter.length + 2) break;
          if (state === 'body') {
            await emit(buffer.subarray(0, at));
            await endPart();
          }
          const after = buffer.subarray(at + delimiter.length, at + delimiter.length + 2).toString('latin1');
          buffer = buffer.subarray(at + delimiter.length + 2);
          if (after === '--') state = 'done';
          else if (after === '\r\n') state = 'headers';
          else throw new UploadError('malformed', 'The multipart body is malformed (a boundary is not followed by CRLF).');
        } else {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buffer.length > 16 * 1024) throw new UploadError('malformed', 'A part of the multipart body has headers longer than 16 KB.');
            break;
          }
          const { name, filename } = partHeaders(buffer.subarray(0, end).toString('utf8'));
          buffer = buffer.subarray(end + 4);
          if (!name) throw new UploadError('malformed', 'A part of the multipart body has no name (Content-Disposition: form-data; name="…").');
          if (filename !== undefined) {
            if (file) throw new UploadError('two_files', `One file per request: "${file.field}" and "${name}" are both files.`);
            mkdirSync(options.tempDir, { recursive: true });
            file = {
              field: name,
              filename,
              path: join(
                options.tempDir,
                `upload-${randomBytes(8).toString('hex')}${extname(filename)
                  .toLowerCase()
                  .replace(/[^.a-z0-9]/g, '')}`,
              ),
              bytes: 0,
              sha256: '',
            };
            stream = createWriteStream(file.path, { flags: 'wx', mode: 0o644 });
            hash = createHash('sha256');
          } else {
            field = { name, parts: [] };
          }
          state = 'body';
        }
      }
    }
    if (state !== 'done') throw new UploadError('incomplete', 'The upload ended before the end of the multipart body: it was interrupted. Nothing was changed; send it again.');
    return { fields, ...(file ? { file } : {}) };
  } catch (e) {
    // Wait until the stream is closed (it may not even have opened yet): removing the file before
    // would let a late open create it again.
    const open = stream;
    if (open) {
      open.on('error', () => undefined);
      const closed = open.closed ? Promise.resolve() : new Promise<void>((done) => open.once('close', () => done()));
      open.destroy();
      await closed;
    }
    if (file) rmSync(file.path, { force: true });
    if (e instanceof UploadError) throw e;
    throw new UploadError('incomplete', `The upload was interrupted (${(e as Error).message}). Nothing was changed; send it again.`);
  }
}

/** Read a whole small body (JSON or form-encoded metadata). */
export async function readSmallBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new UploadError('fields_too_large', `The body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  if (!req.complete) throw new UploadError('incomplete', 'The request body was interrupted.');
  return Buffer.concat(chunks);
}

/** Remove an uploaded temporary file (a refused or failed write). */
export function discard(file: UploadedFile | undefined): void {
  if (file) rmSync(file.path, { force: true });
}
