// A server whose first start loses its PORT to another process, as when another program binds
// the free port serve chose before the server does: the first start dies of EADDRINUSE (here
// it takes the port from itself), a marker file says it happened; the next start serves.
import { createServer } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';

const port = Number(process.env.PORT ?? 3000);
const marker = process.env.OOMLAB_TEST_MARKER;
if (marker && !existsSync(marker)) {
  writeFileSync(marker, 'lost the port once\n');
  createServer().listen(port, '127.0.0.1', () => createServer().listen(port, '127.0.0.1')); // throws EADDRINUSE
} else {
  createServer((_req, res) => res.end('ok')).listen(port, '127.0.0.1');
}
