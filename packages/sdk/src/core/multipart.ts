/** multipart/form-data bodies (disputes.uploadFile: one part named `file`). */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** A file to upload: bytes, a Blob/File, or a Node stream (streams are sent once and never retried). */
export interface UploadFileInput {
  file: Buffer | Uint8Array | Blob | Readable | AsyncIterable<Uint8Array>;
  /** Default: the File's name, else `file`. */
  filename?: string;
  /** Default: the Blob's type, else `application/octet-stream`. */
  contentType?: string;
}

export interface MultipartBody {
  readonly contentType: string;
  /** A Buffer (replayable) or an async iterable (streamed once). */
  readonly body: Buffer | AsyncIterable<Uint8Array>;
  readonly replayable: boolean;
}

function quote(s: string): string {
  // RFC 7578: quote, escape '"' and line breaks as percent sequences.
  return s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

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
  const boundary = `----ConnectSdkBoundary${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(filename)}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const type = `multipart/form-data; boundary=${boundary}`;
  if (file instanceof Uint8Array) {
    return { contentType: type, body: Buffer.concat([head, file, tail]), replayable: true };
  }
  if (isBlob(file)) {
    return {
      contentType: type,
      body: Buffer.concat([head, new Uint8Array(await file.arrayBuffer()), tail]),
      replayable: true,
    };
  }
  if (file instanceof Readable || (file !== null && typeof file === 'object' && Symbol.asyncIterator in file)) {
    const source = file as AsyncIterable<Uint8Array | string>;
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield head;
      for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      yield tail;
    }
    return { contentType: type, body: stream(), replayable: false };
  }
  throw new TypeError('uploadFile: file must be a Buffer, Uint8Array, Blob or Readable stream');
}
