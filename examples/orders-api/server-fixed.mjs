// The same orders API with its cache bounded: at most 50 renderings, the oldest evicted first
// (a Map iterates in insertion order, so its first key is the oldest).
//   npx oomlab serve examples/orders-api/server-fixed.mjs --request "GET /orders/{i}"
import express from 'express';

const app = express();
const rendered = new Map();
const CACHE_LIMIT = 50;

function renderOrder(id) {
  const lines = Array.from({ length: 4 }, (_, k) => ({ sku: `SKU-${id}-${k}`, qty: (k % 3) + 1 }));
  return JSON.stringify({ id, status: 'shipped', lines, note: `order ${id} for customer ${id % 97}` });
}

app.get('/orders/:id', (req, res) => {
  const id = Number(req.params.id);
  let body = rendered.get(id);
  if (body === undefined) {
    body = renderOrder(id);
    rendered.set(id, body);
    if (rendered.size > CACHE_LIMIT) rendered.delete(rendered.keys().next().value);
  }
  res.type('json').send(body);
});

app.get('/health', (_req, res) => res.send('ok'));

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`orders API on http://localhost:${port}`));
