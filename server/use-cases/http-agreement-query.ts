import { AgreementQuerySchema, type AgreementQuery } from './get-project-agreement';

/** Bootstrap sizes an HTTP request is rounded to (a multiple of this): few distinct cache keys. */
const BOOTSTRAP_STEP = 100;

/**
 * What an HTTP request may ask of the agreement statistics. Every distinct answer is a
 * computation, so the request cannot pick the seed (the intervals are reproducible with
 * the default one), its bootstrap is at most `maxBootstrap` in steps of 100, and a
 * threshold is rounded to hundredths: a client cannot bypass the cache by varying them.
 */
export function httpAgreementQuery(params: URLSearchParams, maxBootstrap: number): AgreementQuery {
  const { seed: _ignored, ...asked } = AgreementQuerySchema.parse(Object.fromEntries(params));
  const bootstrap = Math.min(maxBootstrap, Math.round(asked.bootstrap / BOOTSTRAP_STEP) * BOOTSTRAP_STEP);
  const threshold = asked.threshold === undefined ? undefined : Math.max(0.01, Math.round(asked.threshold * 100) / 100);
  return { ...asked, bootstrap, threshold };
}
