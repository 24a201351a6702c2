/**
 * Terminal output for the CLI: colour only on a TTY (and never with NO_COLOR; FORCE_COLOR forces it),
 * a spinner only on a TTY (plain lines in CI), and one way to fail: a message on stderr and an exit
 * code scripts can rely on (0 done, 1 failed, 2 wrong usage).
 */
import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Whether to colour what goes to this stream. */
export function colourFor(stream: NodeJS.WriteStream): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

/** `paint(on)('green', text)`: styled when `on`, plain otherwise. */
export function painter(on: boolean): (style: Style, text: string) => string {
  return on ? (style, text) => styleText(style, text) : (_style, text) => text;
}

/** A failure the CLI reports in one line and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A spinner on stderr while `work` runs, only on a TTY; elsewhere nothing is drawn. */
export async function withSpinner<T>(text: string, work: () => Promise<T>): Promise<T> {
  if (process.stderr.isTTY !== true) return work();
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let i = 0;
  const draw = () => process.stderr.write(`\r${frames[i++ % frames.length]} ${text}`);
  draw();
  const t = setInterval(draw, 80);
  try {
    return await work();
  } finally {
    clearInterval(t);
    process.stderr.write('\r\x1b[2K');
  }
}

/** `HH:MM:SS` of an ISO time or epoch ms, local to nobody: UTC like the sandbox's logs. */
export function clockTime(at: string | number): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toISOString().slice(11, 19);
}
