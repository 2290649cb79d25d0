import type { AppConfig } from '@/server/config';
import type { Logger } from '@/server/logger';
import { ensurePacsSecretKey } from '@/server/secret';
import { parseAllowedHosts, type HostPolicy } from './host-guard';
import { createPacsClient, type PacsClient } from './pacs-client';
import { openSecret } from './source-secret';

/** What every PACS use case needs: the secret key, the host policy, timeouts and retries. */
export interface PacsContext {
  key: Buffer;
  policy: HostPolicy;
  idleTimeoutMs: number;
  attempts: number;
  backoffMs: number;
  downloadConcurrency: number;
  log: Logger;
}

export function pacsContextFromConfig(config: AppConfig, log: Logger): PacsContext {
  return {
    key: ensurePacsSecretKey(config.dataDir, config.PACS_SECRET_KEY),
    policy: { allowed: parseAllowedHosts(config.PACS_ALLOWED_HOSTS) },
    idleTimeoutMs: config.PACS_TIMEOUT_SECONDS * 1000,
    attempts: config.PACS_ATTEMPTS,
    backoffMs: 500,
    downloadConcurrency: config.PACS_DOWNLOAD_CONCURRENCY,
    log,
  };
}

const contexts = new WeakMap<AppConfig, PacsContext>();

/** One context per configuration (the key file is read once). */
export function pacsContextFor(config: AppConfig, log: Logger): PacsContext {
  let ctx = contexts.get(config);
  if (!ctx) {
    ctx = pacsContextFromConfig(config, log);
    contexts.set(config, ctx);
  }
  return ctx;
}

export interface StoredSource {
  id: string;
  baseUrl: string;
  auth: 'NONE' | 'BASIC' | 'BEARER';
  username: string | null;
  secretCiphertext: string | null;
}

/** A client for a stored source, its secret opened only here, in memory, for the request. */
export function connectSource(ctx: PacsContext, source: StoredSource): PacsClient {
  let authorization: string | undefined;
  if (source.auth !== 'NONE' && source.secretCiphertext) {
    const secret = openSecret(ctx.key, source.id, source.secretCiphertext);
    authorization =
      source.auth === 'BASIC'
        ? `Basic ${Buffer.from(`${source.username ?? ''}:${secret}`).toString('base64')}`
        : `Bearer ${secret}`;
  }
  return createPacsClient({
    baseUrl: source.baseUrl,
    authorization,
    policy: ctx.policy,
    timeouts: { idleTimeoutMs: ctx.idleTimeoutMs },
    attempts: ctx.attempts,
    backoffMs: ctx.backoffMs,
    log: ctx.log,
  });
}
