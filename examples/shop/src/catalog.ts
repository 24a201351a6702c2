// The shop's own products (what it sells) and the cart. Prices are in cents and always come from here,
// never from the browser: a cart cookie only says which products and how many.

export interface Product {
  id: string;
  name: string;
  description: string;
  price: number;
  image: string;
}

export interface CartLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'lamp',
    name: 'Desk lamp',
    description: 'A warm light for late-night integrations.',
    price: 3450,
    image: '/img/lamp.svg',
  },
  {
    id: 'mug',
    name: 'Coffee mug',
    description: 'Holds 350 ml of whatever keeps you going.',
    price: 1295,
    image: '/img/mug.svg',
  },
  {
    id: 'notebook',
    name: 'Notebook',
    description: 'Dotted pages for state machines and sequence diagrams.',
    price: 890,
    image: '/img/notebook.svg',
  },
  {
    id: 'plant',
    name: 'Office plant',
    description: 'Survives a release freeze with little water.',
    price: 2100,
    image: '/img/plant.svg',
  },
];

export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

const MAX_QUANTITY = 20;

/** Cookie value "lamp:2,mug:1" -> quantities; unknown products and bad numbers are dropped. */
export function parseCart(cookie: string | undefined): Map<string, number> {
  const cart = new Map<string, number>();
  for (const part of (cookie ?? '').split(',')) {
    const [id, qty] = part.split(':');
    if (id === undefined || findProduct(id) === undefined || qty === undefined || !/^\d{1,2}$/.test(qty)) continue;
    const n = Math.min(Number(qty), MAX_QUANTITY);
    if (n > 0) cart.set(id, n);
  }
  return cart;
}

export function serializeCart(cart: Map<string, number>): string {
  return [...cart].map(([id, n]) => `${id}:${n}`).join(',');
}

export function cartLines(cart: Map<string, number>): CartLine[] {
  const lines: CartLine[] = [];
  for (const [id, quantity] of cart) {
    const p = findProduct(id);
    if (p) lines.push({ productId: p.id, name: p.name, quantity, unitPrice: p.price });
  }
  return lines;
}

export function total(lines: readonly CartLine[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
}
