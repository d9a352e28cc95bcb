/**
 * A `DecompressionStream` for pdf.js in the extraction worker, made of one synchronous zlib call.
 *
 * pdf.js inflates each page's content stream through the web `DecompressionStream` when there is one. In Node that is
 * a web stream over a zlib Transform stream: for the few kilobytes of a page, the streams' promises and chunks cost
 * more than the inflating (about a tenth of a text-only PDF's time in a profile, docs/decisions/0038). pdf.js uses only this much
 * of it: `new DecompressionStream(format)`, `writable.getWriter()` with `ready`, `write(bytes)` and `close()`, and
 * `for await` over `readable`; it gathers every chunk, and on any error falls back to its own inflate. This gives the
 * same bytes (zlib's, in one chunk) and throws where the stream would: an unknown format at construction, bad data
 * while reading. Installed in the extraction worker's thread only (worker.ts), never in the server's.
 */
import zlib from 'node:zlib'

const INFLATE: Record<string, (b: Uint8Array) => Buffer> = {
  deflate: (b) => zlib.inflateSync(b),
  'deflate-raw': (b) => zlib.inflateRawSync(b),
  gzip: (b) => zlib.gunzipSync(b),
}

export class SyncDecompressionStream {
  readonly writable: { getWriter(): Writer }
  readonly readable: AsyncIterable<Uint8Array>

  constructor(format: string) {
    const inflate = INFLATE[format]
    if (!inflate) throw new TypeError(`The format "${format}" is not supported`)
    const chunks: Uint8Array[] = []
    let closed!: () => void
    const done = new Promise<void>((resolve) => (closed = resolve))
    this.writable = {
      getWriter: () => ({
        ready: Promise.resolve(),
        write: async (chunk: Uint8Array) => {
          chunks.push(chunk)
        },
        close: async () => closed(),
      }),
    }
    this.readable = {
      async *[Symbol.asyncIterator]() {
        await done
        const out = inflate(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
        yield new Uint8Array(out.buffer, out.byteOffset, out.length)
      },
    }
  }
}

interface Writer {
  ready: Promise<void>
  write(chunk: Uint8Array): Promise<void>
  close(): Promise<void>
}

/** Puts the synchronous stream in place of the global one, in this thread. */
export function installSyncDecompression(): void {
  ;(globalThis as { DecompressionStream?: unknown }).DecompressionStream = SyncDecompressionStream
}
