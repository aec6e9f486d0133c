// Listens, and answers every request with a 500.
import { createServer } from 'node:http';

createServer((_req, res) => {
  res.statusCode = 500;
  res.end('internal error');
}).listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
