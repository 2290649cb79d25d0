/** `::ffff:10.0.0.1` and `10.0.0.1` are one IPv4 client. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/**
 * The client's address for sign-in throttling and the audit trail. X-Forwarded-For is
 * believed only when the connection comes from a trusted proxy, and then read from the
 * right: the nearest address that is not itself a trusted proxy is the client (what the
 * client wrote further left is its own claim, and may be forged).
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string {
  const remote = remoteAddress ? normalizeAddress(remoteAddress) : 'unknown';
  if (trustedProxies.length === 0 || forwardedFor === undefined) return remote;
  const trusted = new Set(trustedProxies.map(normalizeAddress));
  if (!trusted.has(remote)) return remote;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map(normalizeAddress)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? remote;
}
