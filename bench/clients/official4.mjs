import { classicClient } from './classic.mjs';

export const label = 'connect-sdk-nodejs 4.18.0';
export const create = classicClient('connect-sdk-nodejs-4');
