// An orders API. A slow order (one in eight) leaves a way to describe itself in a window of
// recent slow requests, which the /debug/slow endpoint reads.
import type { Workload } from '../../harness/contract.ts';
import { parseOrder } from './orders.ts';

// The window is bounded: once it is full, each slow request replaces the oldest one.
const SLOW_WINDOW = 512;
const slowRequests: (() => string)[] = new Array(SLOW_WINDOW);
let nextSlot = 0;
let slowSeen = 0;

function handleOrder(request: number): number {
  const order = parseOrder(request);
  const orderId = order.id;
  const total = () => order.items.reduce((sum, item) => sum + item.price * item.qty, 0);
  const amount = total();
  if (request % 8 === 7) {
    // Uses only orderId, but shares handleOrder's Context with `total`, which holds `order`.
    slowRequests[nextSlot] = () => `order ${orderId} took long`;
    nextSlot = (nextSlot + 1) % SLOW_WINDOW;
    slowSeen++;
  }
  return amount;
}

let revenue = 0;

export default {
  iteration(request) {
    revenue += handleOrder(request);
  },
  // Entries actually kept (reduce skips the slots never filled).
  metrics: () => ({ revenue, slowSeen, slowKept: slowRequests.reduce((n, entry) => n + (entry === undefined ? 0 : 1), 0) }),
} satisfies Workload;
