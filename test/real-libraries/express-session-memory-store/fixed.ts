// express-session@1.18.1 with memorystore@1.6.7, the drop-in store its README points to for
// this: an LRU bounded by `max` that also prunes expired sessions every checkPeriod.
import session from 'express-session';
import createMemoryStore from 'memorystore';
import type { Workload } from '../../../harness/contract.ts';

const MemoryStore = createMemoryStore(session);
const store = new MemoryStore({ checkPeriod: 24 * 3600 * 1000, max: 100 });

function onLogin(sid: string, user: number): Promise<void> {
  const maxAge = 24 * 3600 * 1000;
  const data = { cookie: { originalMaxAge: maxAge, expires: new Date(Date.now() + maxAge), httpOnly: true, path: '/' }, user, cart: [] as number[] } as unknown as session.SessionData;
  return new Promise((done, fail) => store.set(sid, data, (error) => (error ? fail(error) : done())));
}

let logins = 0;

export default {
  async iteration(i) {
    await onLogin(`sid-${i.toString(36).padStart(8, '0')}-${(i * 2654435761) % 1e9}`, i);
    logins++;
  },
  metrics: () => ({ logins }),
  teardown() {
    store.stopInterval();
  },
} satisfies Workload;
