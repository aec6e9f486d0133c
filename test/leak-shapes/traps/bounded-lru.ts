// Trap (not a leak): a session LRU cache bounded at 200 entries, one new session per request.
// It fills up during the first measured interval (iteration 200), then evicts the oldest.
import type { Workload } from '../../../harness/contract.ts';

interface Session { user: number; roles: string[]; expires: number }

const CAPACITY = 200;
const sessions = new Map<string, Session>();

function getSession(sid: string, user: number): Session {
  let session = sessions.get(sid);
  if (session) {
    sessions.delete(sid); // refresh: move to the most recent end
  } else {
    session = { user, roles: ['reader', user % 10 === 0 ? 'admin' : 'writer'], expires: user + 3600 };
    if (sessions.size >= CAPACITY) sessions.delete(sessions.keys().next().value!); // evict the least recent
  }
  sessions.set(sid, session);
  return session;
}

let admins = 0;

export default {
  iteration(i) {
    if (getSession(`sid-${i}`, i).roles.includes('admin')) admins++;
    getSession(`sid-${i >> 1}`, i >> 1); // a returning user
  },
  metrics: () => ({ admins, sessions: sessions.size }),
} satisfies Workload;
