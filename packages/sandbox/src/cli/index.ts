#!/usr/bin/env node
/**
 * The connect-sandbox command line. `start` (the default) runs a sandbox; the other commands (to
 * come: listen, trigger, events) talk to a running sandbox over HTTP only.
 */
import { start } from './start.js';

const args = process.argv.slice(2);
const command = args[0] !== undefined && !args[0].startsWith('-') ? args[0] : 'start';
const rest = command === args[0] ? args.slice(1) : args;

switch (command) {
  case 'start':
    void start(rest);
    break;
  default:
    process.stderr.write(`connect-sandbox: unknown command "${command}"; try connect-sandbox --help\n`);
    process.exit(2);
}
