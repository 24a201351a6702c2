import { classicClient } from './classic.mjs';

export const label = 'ours (classic API)';
export const create = classicClient('connect-server-sdk/compat');
