// dataloader@2.2.3: one DataLoader for the whole process, created at module level. Its cache
// (a Map of key → Promise) memoizes every user ever loaded and is never cleared.
// Reported: DataLoader README, "Caching per-Request": "DataLoader caching does not replace
// Redis, Memcache, or any other shared application-level cache ... Typically, DataLoader
// instances are created when a Request begins, and are not used once the Request ends."
import DataLoader from 'dataloader';
import type { Workload } from '../../../harness/contract.ts';

interface User { id: number; name: string; team: number }

async function fetchUsers(ids: readonly number[]): Promise<User[]> {
  return ids.map((id) => ({ id, name: `user-${id}`, team: id % 12 })); // the database
}

const userLoader = new DataLoader(fetchUsers);

let teams = 0;

async function handleRequest(viewer: number): Promise<void> {
  const [me, manager] = await Promise.all([userLoader.load(viewer), userLoader.load(viewer - (viewer % 50))]);
  teams += me.team + manager.team;
}

export default {
  async iteration(i) {
    await handleRequest(1_000_000 + i);
  },
  metrics: () => ({ teams }),
} satisfies Workload;
