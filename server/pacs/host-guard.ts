import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { AppError } from '@/lib/errors/app-error';

/**
 * Which addresses a PACS connection may reach. Public addresses always; loopback, private,
 * link-local (cloud metadata), carrier-grade NAT and unique-local ones only when the operator
 * lists the host or a network in PACS_ALLOWED_HOSTS (hospitals keep their PACS on private
 * networks). Checked on the address each connection actually uses, so a name that resolves
 * elsewhere later (DNS rebinding) is refused too.
 */
export interface HostPolicy {
  /** Host names (exact, case-insensitive), addresses, or CIDR networks allowed though not public. */
  allowed: string[];
}

const restricted = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  restricted.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  restricted.addSubnet(net, prefix, 'ipv6');

export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function allowList(policy: HostPolicy): { names: Set<string>; nets: BlockList } {
  const names = new Set<string>();
  const nets = new BlockList();
  for (const entry of policy.allowed) {
    const [addr, prefix] = entry.split('/');
    const family = isIP(addr);
    if (family && prefix !== undefined) nets.addSubnet(addr, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    else if (family) nets.addAddress(addr, family === 4 ? 'ipv4' : 'ipv6');
    else names.add(entry);
  }
  return { names, nets };
}

/** Throws FORBIDDEN when `address` (reached for `host`) is not public and not allowed. */
export function checkAddress(policy: HostPolicy, host: string, address: string): void {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) reaches the IPv4 address inside it.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const isRestricted = mapped ? restricted.check(mapped, 'ipv4') : restricted.check(address, family);
  if (!isRestricted) return;
  const { names, nets } = allowList(policy);
  if (names.has(host.toLowerCase().replace(/^\[|\]$/g, '')) || nets.check(address, family)) return;
  throw new AppError({
    code: 'FORBIDDEN',
    message: `${host} resolves to ${address}, a private or local address; an operator allows it with PACS_ALLOWED_HOSTS=${host}`,
  });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup for http.request that refuses addresses the policy does not allow. */
export function guardedLookup(policy: HostPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      try {
        for (const a of addresses) checkAddress(policy, hostname, a.address);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      callback(null, first.address, first.family);
    });
  };
}
