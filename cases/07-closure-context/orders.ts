// The request side of case 7: an order arrives as a JSON body and is parsed, ~7 KiB of objects
// and strings once JSON.parse has made them.

export interface Order {
  id: string;
  customer: { id: number; name: string; email: string; address: string[] };
  items: { sku: string; qty: number; price: number; title: string }[];
  note: string;
}

/** The body of request `request`, as it comes off the wire. */
export function orderBody(request: number): string {
  return JSON.stringify({
    id: `order-${request}`,
    customer: { id: request % 500, name: `Customer ${request % 500}`, email: `c${request % 500}@example.com`, address: ['1 Main St', 'Springfield'] },
    items: Array.from({ length: 40 }, (_, k) => ({ sku: `SKU-${(request * 7 + k) % 1000}`, qty: 1 + (k % 3), price: 100 + k, title: `Item ${k} of order ${request}` })),
    note: `Leave at the door. Request ${request}.`,
  });
}

export function parseOrder(request: number): Order {
  return JSON.parse(orderBody(request)) as Order;
}
