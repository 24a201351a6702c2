/**
 * The images the Client SDK points at: `assetUrl` + the relative paths in products' `displayHints.logo`
 * and fields' `tooltip.image`. The paths keep the platform's names (`.../pp_logo_1_v1.png`); the sandbox
 * answers them with small generated SVGs (served as image/svg+xml), so pages work offline.
 */
import { productSpec } from '../catalogue/products.js';

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function badge(label: string, background: string): string {
  const size = label.length > 12 ? 7 : label.length > 8 ? 8 : 10;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40" viewBox="0 0 64 40" role="img" aria-label="${xml(label)}">` +
    `<rect x="0.5" y="0.5" width="63" height="39" rx="5" fill="${background}" stroke="#555"/>` +
    `<text x="32" y="24" font-family="sans-serif" font-size="${size}" text-anchor="middle" fill="#fff">${xml(label.slice(0, 16))}</text></svg>`
  );
}

function cardBack(digits: 3 | 4): string {
  const cvv = digits === 4 ? '1234' : '123';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="60" viewBox="0 0 96 60" role="img" aria-label="security code on the card">` +
    `<rect x="0.5" y="0.5" width="95" height="59" rx="6" fill="#e8e8e8" stroke="#555"/>` +
    `<rect x="0" y="10" width="96" height="12" fill="#333"/><rect x="10" y="30" width="56" height="12" fill="#fff"/>` +
    `<text x="80" y="40" font-family="monospace" font-size="10" text-anchor="middle" fill="#c00">${cvv}</text></svg>`
  );
}

const COLOURS = ['#1a1f71', '#2e77bb', '#eb001b', '#00796b', '#6a1b9a', '#c62828', '#37474f'];
const PATH =
  /^templates\/master\/global\/css\/img\/ppimages\/(pp_logo_(\d{1,5})|pp_group_([a-z]{1,20})|ppf_cvv(_amex)?)_v1\.png$/;

/** The SVG for an asset path (relative to the asset base), or undefined when there is none. */
export function assetSvg(path: string): string | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  if (m[2] !== undefined) {
    const spec = productSpec(Number(m[2]));
    return spec ? badge(spec.label, COLOURS[spec.id % COLOURS.length] as string) : undefined;
  }
  if (m[3] !== undefined) return m[3] === 'cards' ? badge('Cards', '#455a64') : undefined;
  return cardBack(m[4] ? 4 : 3);
}
