/** Every Server API handler, keyed by operation id; typed so that a missing one fails `tsc`. */
import type { HandlerMap } from '../handler.js';
import { captures } from './captures.js';
import { catalogueHandlers } from './catalogue.js';
import { disputes, files } from './disputes.js';
import { hostedCheckouts, hostedMandateManagements, sessions } from './hosted.js';
import { mandates } from './mandates.js';
import { payments } from './payments.js';
import { payouts } from './payouts.js';
import { refunds } from './refunds.js';
import { tokens } from './tokens.js';

export const handlers: HandlerMap = {
  ...payments,
  ...captures,
  ...refunds,
  ...payouts,
  ...tokens,
  ...mandates,
  ...hostedCheckouts,
  ...hostedMandateManagements,
  ...sessions,
  ...disputes,
  ...files,
  ...catalogueHandlers,
};
