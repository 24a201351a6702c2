/** The customer pages surface: hosted checkout, redirect / 3-D Secure and mandate pages. */
import type { SandboxContext } from '../context.js';
import type { Exchange, Mount } from '../http/mount.js';
import { customerPages } from './customer-pages.js';

export function mount(ctx: SandboxContext): Mount[] {
  const handle = (x: Exchange) => customerPages(ctx, x);
  return ['/redirect/', '/hostedcheckout/', '/hostedmandatemanagement/', '/mandate/'].map((prefix) => ({
    prefix,
    handle,
  }));
}
