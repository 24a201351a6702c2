/** multipart/form-data bodies (disputes.uploadFile: one part named `file`). */
import { Readable } from 'node:stream';
import { concatBytes } from './bytes.js';
import { randomHex } from './platform.js';

/** A file to upload: bytes, a Blob/File, or a Node stream (streams are sent once and never retried). */
export interface UploadFileInput {
  /** A Buffer or Uint8Array, a Blob (File), or a stream: a Node Readable or any async iterable of bytes. */
  file: Uint8Array | Blob | AsyncIterable<Uint8Array>;
  /** Default: the File's name, else `file`. */
  filename?: string;
  /** Default: the Blob's type, else `application/octet-stream`. */
  contentType?: string;
}

export interface MultipartBody {
  readonly contentType: string;
  /** Bytes (replayable) or an async iterable (streamed once). */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
  readonly replayable: boolean;
}

function quote(s: string): string {
  // RFC 7578: quote, escape '"' and line breaks as percent sequences.
  return s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

const encoder = new TextEncoder();

function isBlob(v: unknown): v is Blob {
  return typeof Blob !== 'undefined' && v instanceof Blob;
}

/** Builds the multipart body. Throws a clear TypeError for anything that is not a file. */
export async function buildMultipart(input: UploadFileInput): Promise<MultipartBody> {
  if (input === null || typeof input !== 'object' || !('file' in input)) {
    throw new TypeError('uploadFile expects { file: Buffer | Uint8Array | Blob | Readable, filename?, contentType? }');
  }
  const { file } = input;
  let filename = input.filename;
  let contentType = input.contentType;
  if (isBlob(file)) {
    if (filename === undefined && 'name' in file && typeof file.name === 'string' && file.name !== '') {
      filename = file.name;
    }
    if (contentType === undefined && file.type !== '') contentType = file.type;
  }
  filename ??= 'file';
  contentType ??= 'application/octet-stream';
  if (/[\r\n]/.test(contentType)) throw new TypeError('uploadFile: contentType must not contain line breaks');
  const boundary = `----ConnectSdkBoundary${randomHex(12)}`;
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(filename)}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const type = `multipart/form-data; boundary=${boundary}`;
  if (file instanceof Uint8Array) {
    return { contentType: type, body: concatBytes([head, file, tail]), replayable: true };
  }
  if (isBlob(file)) {
    return {
      contentType: type,
      body: concatBytes([head, new Uint8Array(await file.arrayBuffer()), tail]),
      replayable: true,
    };
  }
  if (file instanceof Readable || (file !== null && typeof file === 'object' && Symbol.asyncIterator in file)) {
    const source = file as AsyncIterable<Uint8Array | string>;
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield head;
      for await (const chunk of source) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      yield tail;
    }
    return { contentType: type, body: stream(), replayable: false };
  }
  throw new TypeError('uploadFile: file must be a Buffer, Uint8Array, Blob or Readable stream');
}
