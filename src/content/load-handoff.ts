// Datasets loaded ahead by the other processes of a first build's prepare step
// (scripts/prepare-pool.ts), handed to the process whose load they shorten as load-cache entries
// (src/content/load-cache.ts), which that process checks like its own before using them.
//
// Two files per load, made by the loading process before the others start: the entries, appended
// by the others one record at a time (a 4-byte length, then the record), and the loading process's
// progress, a 4-byte count it rewrites in place, which the others read to stop where it got. One
// file for all the records, not one per dataset: creating and removing 10,000 small files cost a
// first build seconds of system time, and removing them slowed the files the build made next.
import { closeSync, fstatSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';

export interface HandoffFiles {
  /** The records, appended by the processes loading ahead. */
  entries: string;
  /** How many datasets the loading process has reached (a 4-byte little-endian count). */
  progress: string;
}

/** The paths of a load's hand-off files in `dir`, unique to this process. */
export function handoffFiles(dir: string): HandoffFiles {
  return { entries: `${dir}/handoff-${process.pid}.records`, progress: `${dir}/handoff-${process.pid}.progress` };
}

/** Progress is written every this many datasets: a process loading ahead may do as many twice. */
const PROGRESS_EVERY = 16;

/** The loading process's side: the records handed so far, by dataset folder. */
export class HandoffReader {
  private readonly fd: number;
  private readonly progressFd: number;
  private read = 0;
  private readonly records = new Map<string, Buffer>();
  private closed = false;

  /** Creates both files (empty): the processes loading ahead open them. */
  constructor(private readonly files: HandoffFiles) {
    writeFileSync(files.entries, '');
    writeFileSync(files.progress, Buffer.alloc(4));
    this.fd = openSync(files.entries, 'r');
    this.progressFd = openSync(files.progress, 'r+');
  }

  /** The record handed for `dir`, if any yet (each is taken once). */
  take(dir: string): unknown {
    if (this.closed) return undefined;
    if (!this.records.has(dir)) this.refresh();
    const bytes = this.records.get(dir);
    if (bytes === undefined) return undefined;
    this.records.delete(dir);
    try {
      return deserialize(bytes);
    } catch {
      return undefined;
    }
  }

  /** Read the records appended since the last look; a record still being written waits for the next. */
  private refresh(): void {
    const size = fstatSync(this.fd).size;
    if (size <= this.read) return;
    const bytes = Buffer.allocUnsafe(size - this.read);
    const got = readSync(this.fd, bytes, 0, bytes.length, this.read);
    let at = 0;
    while (at + 4 <= got) {
      const length = bytes.readUInt32LE(at);
      if (at + 4 + length > got) break;
      const record = bytes.subarray(at + 4, at + 4 + length);
      // [dir, entry]: the folder first, decoded alone, so that nothing else is until it is used.
      const dirLength = record.readUInt16LE(0);
      this.records.set(record.toString('utf8', 2, 2 + dirLength), record.subarray(2 + dirLength));
      at += 4 + length;
    }
    this.read += at;
  }

  /** Say that the load has reached its `index`-th dataset (in the order both sides list them). */
  reached(index: number): void {
    if (this.closed || index % PROGRESS_EVERY !== 0) return;
    const count = Buffer.alloc(4);
    count.writeUInt32LE(index);
    writeSync(this.progressFd, count, 0, 4, 0);
  }

  /** Stop: the others see the whole load done; both files are removed. */
  close(): void {
    if (this.closed) return;
    const done = Buffer.alloc(4);
    done.writeUInt32LE(0xffffffff);
    writeSync(this.progressFd, done, 0, 4, 0);
    this.closed = true;
    closeSync(this.fd);
    closeSync(this.progressFd);
    this.records.clear();
    for (const file of [this.files.entries, this.files.progress]) rmSync(file, { force: true });
  }
}

/** A loading-ahead process's side. */
export class HandoffWriter {
  private readonly fd: number;
  private readonly progressFd: number;
  private readonly count = Buffer.alloc(4);

  constructor(files: HandoffFiles) {
    this.fd = openSync(files.entries, 'a');
    this.progressFd = openSync(files.progress, 'r');
  }

  /** Hand the record of `dir` over, in one write at the end of the file. */
  put(dir: string, record: unknown): void {
    const name = Buffer.from(dir);
    const body = serialize(record);
    const head = Buffer.allocUnsafe(6);
    head.writeUInt32LE(2 + name.length + body.length, 0);
    head.writeUInt16LE(name.length, 4);
    writeSync(this.fd, Buffer.concat([head, name, body]));
  }

  /** How far the loading process has got (every dataset once it is done). */
  reached(): number {
    return readSync(this.progressFd, this.count, 0, 4, 0) === 4 ? this.count.readUInt32LE(0) : 0;
  }

  close(): void {
    closeSync(this.fd);
    closeSync(this.progressFd);
  }
}
