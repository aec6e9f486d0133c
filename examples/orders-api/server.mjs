// An orders API in express with a leak people ship: a per-request cache with no bound.
// Every GET /orders/:id renders the order and keeps the rendering "for next time" in a Map
// keyed by the id; ids never repeat, so the Map only grows.
//   npx oomlab serve examples/orders-api/server.mjs --request "GET /orders/{i}"
import express from 'express';

const app = express();
const rendered = new Map();

function renderOrder(id) {
  const lines = Array.from({ length: 4 }, (_, k) => ({ sku: `SKU-${id}-${k}`, qty: (k % 3) + 1 }));
  return JSON.stringify({ id, status: 'shipped', lines, note: `order ${id} for customer ${id % 97}` });
}

app.get('/orders/:id', (req, res) => {
  const id = Number(req.params.id);
  let body = rendered.get(id);
  if (body === undefined) {
    body = renderOrder(id);
    rendered.set(id, body); // the leak: nothing ever leaves this cache
  }
  res.type('json').send(body);
});

app.get('/health', (_req, res) => res.send('ok'));

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`orders API on http://localhost:${port}`));
