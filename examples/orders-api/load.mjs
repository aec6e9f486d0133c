// A small load generator for `oomlab attach --drive`: N GET requests to
// 127.0.0.1:<port>/<prefix>/<k> with a new k each time,
// one at a time over a keep-alive connection; exits 1 if any fails.
//   node load.mjs <port> [count] [prefix]
import { Agent, get } from 'node:http';

const [port, count = '300', prefix = 'orders'] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const base = Date.now() % 1_000_000_000;
for (let k = 0; k < Number(count); k++) {
  await new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: Number(port), path: `/${prefix}/${base + k}`, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode && res.statusCode < 400 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
    }).on('error', reject);
  });
}
agent.destroy();
