/**
 * Opt-in request/response logging. One line per request and one per response, tied by a message id; headers
 * and JSON bodies pass through the Obfuscator before they reach the logger.
 */
import type { Obfuscator } from './obfuscation.js';

/** Anything with `info` and `error` (and optionally `warn`): `console`, pino, winston, bunyan... */
export interface Logger {
  info(message: string): void;
  warn?(message: string): void;
  error(message: string): void;
}

export class RequestLogger {
  constructor(
    private readonly logger: Logger,
    private readonly obfuscator: Obfuscator,
  ) {}

  request(
    id: string,
    method: string,
    pathAndQuery: string,
    headers: Readonly<Record<string, string>>,
    body: string | undefined,
    multipart: boolean,
  ): void {
    this.safe(id, 'request', () => {
      let line = `Request with Message ID: ${id}, ${method} to ${pathAndQuery}, headers: ${JSON.stringify(
        this.obfuscator.headers(headers),
      )}`;
      if (multipart) line += ', body: <binary data>';
      else if (body !== undefined) line += `, body: ${this.obfuscator.text(body)}`;
      this.logger.info(oneLine(line));
    });
  }

  response(
    id: string,
    method: string,
    pathAndQuery: string,
    status: number,
    durationMs: number,
    headers: Readonly<Record<string, string | readonly string[] | undefined>>,
    body: string | undefined,
    binary: boolean,
  ): void {
    this.safe(id, 'response', () => {
      let line = `Response from Message ID: ${id}, ${method} to ${pathAndQuery}, status: ${status}, duration: ${durationMs} ms, headers: ${JSON.stringify(
        this.obfuscator.headers(headers),
      )}`;
      if (binary) line += ', body: <binary content>';
      else if (body !== undefined && body !== '') line += `, body: ${this.obfuscator.text(body)}`;
      this.logger.info(oneLine(line));
    });
  }

  error(id: string, method: string, pathAndQuery: string, durationMs: number, error: unknown): void {
    this.safe(id, 'error', () => {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.error(
        oneLine(
          `Error for Message ID: ${id}, ${method} to ${pathAndQuery}, duration: ${durationMs} ms, error: ${message}`,
        ),
      );
    });
  }

  retry(method: string, pathAndQuery: string, retry: number, delayMs: number, reason: string): void {
    this.safe('-', 'retry', () => {
      const line = `Retrying ${method} ${pathAndQuery} (retry ${retry}) in ${delayMs} ms after ${reason}`;
      if (this.logger.warn) this.logger.warn(oneLine(line));
      else this.logger.info(oneLine(line));
    });
  }

  private safe(id: string, what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      try {
        this.logger.error(
          `An error occurred trying to log ${what} '${id}': ${e instanceof Error ? e.message : String(e)}`,
        );
      } catch {
        // a logger that throws must never break a payment call
      }
    }
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f\u2028\u2029]/g;

/**
 * One event, one line: line breaks and other control characters (from a non-JSON body, or a server's error
 * message) are shown escaped, so a response cannot forge a log line.
 */
export function oneLine(line: string): string {
  if (!CONTROL.test(line)) return line;
  return line.replace(CONTROLS, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
