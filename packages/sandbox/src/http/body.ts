/** Reading request bodies: with a size limit, and the one "parse JSON or answer 400". */
import type { IncomingMessage } from 'node:http';
import { invalidJson } from '../domain/errors.js';

/** The whole body, or 'too-large' once it passes `limit` bytes (the rest is read and dropped). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () =>
      resolve(over ? 'too-large' : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** Parses a JSON body; an empty body is `empty`; anything unparsable throws the platform's 400 INVALID_JSON. */
export function parseJson(raw: Buffer, empty: unknown = {}): unknown {
  if (raw.length === 0) return empty;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidJson();
  }
}
