import { describe, expect, it } from 'vitest';
import { createConnectSdk } from '../src/compat/index.js';
import { Connect } from '../src/index.js';

/**
 * Credentials typed `string | undefined` so that `process.env.X` needs no `!`: an unset variable must still fail at
 * once, naming the option, and a scheme typed as a plain string is checked when the client is built.
 */
const unset = process.env['CONNECT_TEST_SURELY_UNSET_VARIABLE'];

describe('configuration from environment variables', () => {
  it('an unset API key id or secret is refused at construction, naming the option', () => {
    const base = { host: '127.0.0.1', scheme: 'http', integrator: 'test' };
    expect(() => new Connect({ ...base, apiKeyId: unset, secretApiKey: 's' })).toThrow(/apiKeyId/);
    expect(() => new Connect({ ...base, apiKeyId: 'k', secretApiKey: unset })).toThrow(/secretApiKey/);
    expect(() => createConnectSdk().init({ ...base, apiKeyId: unset, secretApiKey: 's' })).toThrow(/apiKeyId/);
  });

  it('a scheme from a variable is checked at construction', () => {
    const config = { host: '127.0.0.1', scheme: 'ftp', apiKeyId: 'k', secretApiKey: 's', integrator: 'test' };
    expect(() => new Connect(config)).toThrow(/scheme must be 'https' or 'http'/);
  });
});
