/** What counts as this machine: the whole 127.0.0.0/8 block and ::1 (also as IPv4-mapped IPv6), and `localhost` names. */
import { isIPv4 } from 'node:net';

/** Whether a socket's remote address is loopback. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * Whether a Host header names this machine: `localhost` (or `*.localhost`), a 127.0.0.0/8 address
 * or `[::1]`, with an optional port. Anything else may be a DNS-rebinding page's host name.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  let name = host.toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    if (end < 0) return false;
    return name.slice(1, end) === '::1' && /^(:\d+)?$/.test(name.slice(end + 1));
  }
  const colon = name.lastIndexOf(':');
  if (colon >= 0) {
    if (!/^\d+$/.test(name.slice(colon + 1))) return false;
    name = name.slice(0, colon);
  }
  return name === 'localhost' || name.endsWith('.localhost') || (isIPv4(name) && name.startsWith('127.'));
}
