// dataloader@2.2.3: a DataLoader per request, as its README says: batching and caching within
// the request, and the cache goes when the request ends.
import DataLoader from 'dataloader';
import type { Workload } from '../../../harness/contract.ts';

interface User { id: number; name: string; team: number }

async function fetchUsers(ids: readonly number[]): Promise<User[]> {
  return ids.map((id) => ({ id, name: `user-${id}`, team: id % 12 })); // the database
}

let teams = 0;

async function handleRequest(viewer: number): Promise<void> {
  const userLoader = new DataLoader(fetchUsers); // per request
  const [me, manager] = await Promise.all([userLoader.load(viewer), userLoader.load(viewer - (viewer % 50))]);
  teams += me.team + manager.team;
}

export default {
  async iteration(i) {
    await handleRequest(1_000_000 + i);
  },
  metrics: () => ({ teams }),
} satisfies Workload;
