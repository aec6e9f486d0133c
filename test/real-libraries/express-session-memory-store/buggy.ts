// express-session@1.18.1: the default MemoryStore, one new session per visitor. It only drops
// an expired session when that session id is read again, which a visitor who never comes back
// never does, so `store.sessions` keeps every one.
// Reported: express-session README, "Warning The default server-side session storage,
// MemoryStore, is purposely not designed for a production environment. It will leak memory
// under most conditions ...".
import session from 'express-session';
import type { Workload } from '../../../harness/contract.ts';

const store = new session.MemoryStore(); // what session({ secret }) uses when no store is given

// What the middleware saves for a visitor who logs in (saveUninitialized/resave aside).
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
} satisfies Workload;
