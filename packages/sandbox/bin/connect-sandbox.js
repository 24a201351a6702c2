#!/usr/bin/env node
// The `connect-sandbox` command. It is a committed file rather than dist/cli.js itself so that npm links the
// command on the very first `npm install` of a clone, before the build (the root `prepare` script) has run.
import('../dist/cli.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js')) {
    process.stderr.write(
      'connect-sandbox is not built yet: run `npm install` (or `npm run build -w connect-sandbox`) at the repository root\n',
    );
    process.exit(1);
  }
  throw e;
});
