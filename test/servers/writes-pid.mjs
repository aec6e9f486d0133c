// A server that says where it is: its pid and port go to OOMLAB_TEST_PIDFILE once it listens,
// so a test can see that it is gone, and its port free, after the run is stopped.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';

const server = createServer((_req, res) => res.end('ok'));
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  if (process.env.OOMLAB_TEST_PIDFILE) writeFileSync(process.env.OOMLAB_TEST_PIDFILE, `${process.pid}\n${server.address().port}\n`);
});
