// A geo-IP middleware that memoizes lookups by the client's address. The key includes the
// ephemeral source port, unique per connection: every lookup misses, and `geoCache` never evicts.
import type { Workload } from '../../../harness/contract.ts';

interface Geo { country: string; city: string; asn: number }

const geoCache = new Map<string, Geo>();

function lookupGeo(ip: string): Geo {
  const octet = Number(ip.slice(ip.lastIndexOf('.') + 1));
  return { country: octet % 2 ? 'FR' : 'DE', city: `city-${octet % 40}`, asn: 64_500 + octet };
}

function geoOf(remoteAddress: string, remotePort: number): Geo {
  const key = `${remoteAddress}:${remotePort}`;
  let geo = geoCache.get(key);
  if (!geo) geoCache.set(key, (geo = lookupGeo(remoteAddress)));
  return geo;
}

let french = 0;

export default {
  iteration(i) {
    const geo = geoOf(`203.0.113.${i % 50}`, 32_768 + (i % 28_000));
    if (geo.country === 'FR') french++;
  },
  metrics: () => ({ french, cached: geoCache.size }),
} satisfies Workload;
