import { randomBytes } from 'node:crypto';

/** A fresh UID under 2.25 (PS3.5 §B.2: a 128-bit random number). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}
