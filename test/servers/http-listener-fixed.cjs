// The fixed twin of http-listener-leak.cjs: the listener is removed when the response ends.
const http = require('node:http');
const { EventEmitter } = require('node:events');

const settings = new EventEmitter();
settings.setMaxListeners(0);
let currency = 'EUR';

const server = http.createServer((req, res) => {
  const payload = { url: req.url, at: Date.now(), tags: req.url.split('/').concat(['a', 'b', 'c']) };
  const onChange = (next) => {
    payload.currency = next;
  };
  settings.on('currency', onChange);
  res.on('close', () => settings.off('currency', onChange));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ok: true, currency, url: req.url }));
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
