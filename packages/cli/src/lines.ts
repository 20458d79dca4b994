/**
 * Line I/O for `dyadic tag`: reading a UTF-8 file as lines and writing output lines, both synchronous and in large
 * pieces. (The async stream, TextDecoder and `lines.join('\n')` + `Buffer.from` they replace cost as much as a
 * third of the time spent outside the tagger.)
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { NotPlain, writeJson, type ByteSink } from './json.js';

const CHUNK = 1 << 20;

/**
 * Calls `onLine(line, n)` for every line of a UTF-8 file, `n` 1-based: the same lines as `text.split('\n')` on the
 * whole decoded file (so the text after the last line break comes last, often empty; `\r` stays on its line). It
 * reads ~1 MiB at a time and decodes each line on its own: a `\n` byte never occurs inside a UTF-8 sequence and
 * ends any unfinished one, so that gives the same text (a BOM kept, invalid bytes as U+FFFD) as decoding the whole
 * file at once, and each line is a string of its own (a piece of it kept does not hold a whole chunk in memory).
 * A line longer than the buffer grows it.
 */
export function readLines(path: string, onLine: (line: string, n: number) => void, chunkBytes = CHUNK): void {
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunkBytes);
    /** Bytes at the start of `buf` after the last line break read so far (no `\n` among them). */
    let have = 0;
    let n = 0;
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const got = readSync(fd, buf, have, buf.length - have, null);
      if (got === 0) break;
      const end = have + got;
      let start = 0;
      for (let nl = buf.indexOf(10, have); nl >= 0 && nl < end; nl = buf.indexOf(10, start)) {
        onLine(buf.toString('utf8', start, nl), ++n);
        start = nl + 1;
      }
      have = end - start;
      if (start > 0 && have > 0) buf.copy(buf, 0, start, end);
    }
    onLine(buf.toString('utf8', 0, have), ++n);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, b: Uint8Array, length: number): void {
  let off = 0;
  while (off < length) {
    try {
      off += writeSync(fd, b, off, length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      sleep(1);
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * The writer thread of a `PipeWriter`: writes each buffer it is sent, in order, through a libuv stream on the fd
 * (which waits for the pipe to take more without blocking or spinning), and takes its length off the pending count
 * (state[0]) once written; the first error stops it, with its message in `errorText` (length in state[1]).
 */
const WRITER_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { Socket } = require('node:net');
const { fd, state, errorText } = workerData;
const out = new Socket({ fd, readable: false, writable: true });
out.on('error', () => {}); // reported through the write callbacks
parentPort.on('message', (b) => {
  out.write(b, (err) => {
    if (err && Atomics.load(state, 1) === 0) {
      const m = Buffer.from(String(err.message), 'utf8').subarray(0, errorText.length);
      errorText.set(m);
      Atomics.store(state, 1, m.length);
    }
    Atomics.sub(state, 0, b.length);
    Atomics.notify(state, 0);
  });
});
`;

/**
 * Output to a pipe (stdout read by another process) from a writer thread, so tagging goes on while the reader
 * catches up: a synchronous write blocks until the reader has made room (64 KiB at a time), and on a busy machine
 * the reader may wait long to be scheduled. At most `MAX_PENDING` bytes wait to be written; beyond that `send`
 * blocks until the reader has taken some.
 */
class PipeWriter {
  private static readonly MAX_PENDING = 8 << 20;
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly errorText = new Uint8Array(new SharedArrayBuffer(1024));

  constructor(fd: number) {
    this.worker = new Worker(WRITER_THREAD, { eval: true, execArgv: [], workerData: { fd, state: this.state, errorText: this.errorText } });
    this.worker.unref();
  }

  /** Queues a copy of `b[0, length)`. */
  send(b: Buffer, length: number): void {
    this.check();
    for (let p = Atomics.load(this.state, 0); p > 0 && p + length > PipeWriter.MAX_PENDING; p = Atomics.load(this.state, 0)) Atomics.wait(this.state, 0, p, 100);
    this.check();
    const copy = new Uint8Array(length);
    copy.set(b.subarray(0, length));
    Atomics.add(this.state, 0, length);
    this.worker.postMessage(copy, [copy.buffer]);
  }

  /** Waits until everything sent is written. */
  finish(): void {
    for (let p = Atomics.load(this.state, 0); p > 0; p = Atomics.load(this.state, 0)) Atomics.wait(this.state, 0, p, 100);
    this.check();
  }

  private check(): void {
    const n = Atomics.load(this.state, 1);
    if (n > 0) throw new Error(Buffer.from(this.errorText.subarray(0, n)).toString('utf8'));
  }
}

/** Output is written when this much is buffered. */
const FLUSH_AT = 1 << 20;

/**
 * Output lines, each followed by `\n`, encoded straight into a buffer and written synchronously once 1 MiB is
 * buffered. A file is written as `<path>.<pid>.tmp` and renamed over `path` by `close`; `abort` removes it. `-` is
 * stdout. `writeJsonLine` writes the JSON of a value without building its string (json.ts).
 */
export class LineOutput implements ByteSink {
  private readonly fd: number;
  private readonly tmp: string | undefined;
  /** Stdout is a pipe or socket: written by a `PipeWriter` once there is more than one buffer of output. */
  private toPipe = false;
  private pipe: PipeWriter | undefined;
  buf = Buffer.allocUnsafe(FLUSH_AT + (64 << 10));
  off = 0;

  constructor(private readonly path: string) {
    if (path === '-') {
      this.fd = 1;
      try {
        const st = fstatSync(1);
        this.toPipe = st.isFIFO() || st.isSocket();
      } catch {
        // written synchronously
      }
    } else {
      this.tmp = `${path}.${process.pid}.tmp`;
      this.fd = openSync(this.tmp, 'w');
    }
  }

  /** Room for `n` more bytes (a line longer than the buffer). */
  grow(n: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.off + n));
    this.buf.copy(bigger, 0, 0, this.off);
    this.buf = bigger;
  }

  write(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 for 2)
    const most = line.length * 3 + 1;
    if (this.off + most > this.buf.length) this.grow(most);
    this.off += this.buf.write(line, this.off);
    this.buf[this.off++] = 10;
    if (this.off >= FLUSH_AT) this.flush();
  }

  /** The line `JSON.stringify(v)`: written by `writeJson`, or by JSON.stringify for what that declines. */
  writeJsonLine(v: object): void {
    const start = this.off;
    try {
      if (writeJson(this, v)) {
        if (this.off === this.buf.length) this.grow(1);
        this.buf[this.off++] = 10;
        if (this.off >= FLUSH_AT) this.flush();
        return;
      }
    } catch (err) {
      if (!(err instanceof NotPlain)) throw err;
    }
    this.off = start;
    this.write(JSON.stringify(v));
  }

  private flush(last = false): void {
    if (this.off === 0) return;
    if (this.toPipe && !this.pipe && !last) {
      try {
        this.pipe = new PipeWriter(this.fd);
      } catch {
        this.toPipe = false; // no thread: written synchronously
      }
    }
    if (this.pipe) this.pipe.send(this.buf, this.off);
    else writeAll(this.fd, this.buf, this.off);
    this.off = 0;
    if (this.buf.length > 4 * FLUSH_AT) this.buf = Buffer.allocUnsafe(FLUSH_AT + (64 << 10)); // after a huge line
  }

  close(): void {
    this.flush(true);
    this.pipe?.finish();
    if (this.tmp) {
      closeSync(this.fd);
      renameSync(this.tmp, this.path);
    }
  }

  abort(): void {
    if (!this.tmp) return;
    try {
      closeSync(this.fd);
      unlinkSync(this.tmp);
    } catch {
      // already gone
    }
  }
}
