import { describe, expect, it } from 'vitest';
import { hostedCheckoutUrl, isValidReturnMac } from '../src/checkout/index.js';

const partial = 'pay1.secured-by-ingenico.com/checkout/1234-5678:9abc:def0?q=1';

describe('hostedCheckoutUrl', () => {
  it('prepends https://<subdomain>. as the guide describes', () => {
    expect(hostedCheckoutUrl(partial, 'payment')).toBe(
      'https://payment.pay1.secured-by-ingenico.com/checkout/1234-5678:9abc:def0?q=1',
    );
    expect(hostedCheckoutUrl(partial, 'myshop')).toBe(
      'https://myshop.pay1.secured-by-ingenico.com/checkout/1234-5678:9abc:def0?q=1',
    );
    expect(hostedCheckoutUrl(partial, 'payment.')).toBe(hostedCheckoutUrl(partial, 'payment'));
  });

  it("defaults to the 'payment' subdomain, which always works", () => {
    expect(hostedCheckoutUrl('poweredbyglobalcollect.com/pay8915-ab:cd')).toBe(
      'https://payment.poweredbyglobalcollect.com/pay8915-ab:cd',
    );
  });

  it('accepts a full base URL: a host prefix ending in a dot, or a base the partial URL is a path of', () => {
    expect(hostedCheckoutUrl(partial, 'https://payment.')).toBe(hostedCheckoutUrl(partial, 'payment'));
    expect(hostedCheckoutUrl(partial, 'https://payment')).toBe(hostedCheckoutUrl(partial, 'payment'));
    expect(hostedCheckoutUrl('127.0.0.1:8080/hostedcheckout/abc', 'http://')).toBe(
      'http://127.0.0.1:8080/hostedcheckout/abc',
    );
    expect(hostedCheckoutUrl('hostedcheckout/abc', 'http://localhost:8080/')).toBe(
      'http://localhost:8080/hostedcheckout/abc',
    );
    expect(hostedCheckoutUrl('/hostedcheckout/abc', 'http://127.0.0.1:9000')).toBe(
      'http://127.0.0.1:9000/hostedcheckout/abc',
    );
  });

  it('returns the partial URL exactly as received (no normalisation)', () => {
    const raw = 'Pay1.Secured-By-Ingenico.com/checkout/1-ABC:def?x=a%20b';
    expect(hostedCheckoutUrl(raw, 'payment')).toBe(`https://payment.${raw}`);
  });

  it('rejects bad input with a clear error', () => {
    expect(() => hostedCheckoutUrl('', 'payment')).toThrow(/partialRedirectUrl is required/);
    expect(() => hostedCheckoutUrl('https://payment.example.com/x', 'payment')).toThrow(/without scheme/);
    expect(() => hostedCheckoutUrl(partial, '')).toThrow(/subdomainOrBaseUrl is required/);
    expect(() => hostedCheckoutUrl(partial, 'bad sub/domain')).toThrow(/neither a subdomain/);
  });
});

describe('isValidReturnMac', () => {
  const mac = '7f3ec8f2-8b11-4f5d-9d7e-0ff3c6a5c7a1';
  it('accepts the exact RETURNMAC and nothing else', () => {
    expect(isValidReturnMac(mac, mac)).toBe(true);
    expect(isValidReturnMac(mac, mac.toUpperCase())).toBe(false);
    expect(isValidReturnMac(mac, mac.slice(0, -1))).toBe(false);
    expect(isValidReturnMac(mac, mac + ' ')).toBe(false);
    expect(isValidReturnMac(mac, '')).toBe(false);
    expect(isValidReturnMac(mac, undefined)).toBe(false);
    expect(isValidReturnMac(mac, null)).toBe(false);
    expect(isValidReturnMac(mac, [mac, mac])).toBe(false);
  });

  it('works on the value parsed from a returnUrl query', () => {
    const returned = new URL(`https://shop.example/return?order=1&RETURNMAC=${mac}&hostedCheckoutId=8915-abc`);
    expect(isValidReturnMac(mac, returned.searchParams.get('RETURNMAC'))).toBe(true);
    expect(isValidReturnMac(mac, returned.searchParams.get('returnmac'))).toBe(false);
  });

  it('requires the stored RETURNMAC', () => {
    expect(() => isValidReturnMac('', mac)).toThrow(/expected RETURNMAC is required/);
  });
});
