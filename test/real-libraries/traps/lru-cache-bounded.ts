// Trap (not a leak): lru-cache@11.0.2 with `max: 300`, one new key per request. It fills up
// during the first interval, then evicts the least recently used entry for each new one.
import { LRUCache } from 'lru-cache';
import type { Workload } from '../../../harness/contract.ts';

interface Profile { id: number; name: string; plan: string }

const profiles = new LRUCache<string, Profile>({ max: 300 });
let hits = 0;

function getProfile(id: number): Profile {
  const key = `profile:${id}`;
  const cached = profiles.get(key);
  if (cached) {
    hits++;
    return cached;
  }
  const profile = { id, name: `user-${id}`, plan: id % 5 === 0 ? 'pro' : 'free' };
  profiles.set(key, profile);
  return profile;
}

export default {
  iteration(i) {
    getProfile(i);
    getProfile(i >> 1); // a returning user
  },
  metrics: () => ({ hits, size: profiles.size }),
} satisfies Workload;
