/** Who may call the Server API: the API keys (with the merchants each may act for) and the merchants. */

export interface ApiKeyConfig {
  apiKeyId: string;
  secretApiKey: string;
  /** merchant ids this key may act for; `'*'` = any configured merchant */
  merchantIds: string[] | '*';
}

export class Access {
  readonly keys = new Map<string, ApiKeyConfig>();
  readonly merchants = new Set<string>();

  addKey(key: ApiKeyConfig): void {
    this.keys.set(key.apiKeyId, key);
    if (key.merchantIds !== '*') for (const m of key.merchantIds) this.merchants.add(m);
  }

  removeKey(apiKeyId: string): boolean {
    return this.keys.delete(apiKeyId);
  }

  addMerchant(merchantId: string): void {
    this.merchants.add(merchantId);
  }

  /** Whether `key` may act for `merchantId` (a configured merchant the key is linked to). */
  allows(key: ApiKeyConfig, merchantId: string): boolean {
    return this.merchants.has(merchantId) && (key.merchantIds === '*' || key.merchantIds.includes(merchantId));
  }
}
