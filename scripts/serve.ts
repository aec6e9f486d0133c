// oomlab serve <entry> [--request "<METHOD> <path>"]... [--json]
// An unmodified HTTP server, loaded with requests: is it a leak? Exit 0 clean, 1 leak (or over
// the budget), 2 cannot run.
import { parseRequestSpec, type RequestSpec } from '../harness/run/http-load.ts';
import { runServe, SERVE_DEFAULTS, ServerSetupError, type ServeResult } from '../harness/lab/serve.ts';
import { serveSummary } from '../harness/report/terminal.ts';
import { commandUsage, parseCommandLine, printJson, runCli, UsageError, wholeNumber } from './cli.ts';

const USAGE = commandUsage('serve', '<server.js|.mjs|.cjs|.ts> [--request "<METHOD> <path>"]... [--concurrency N] [--budget BYTES] [--json]');

const HELP = `${USAGE}

Starts your server as \`node <entry>\` would (unmodified; TypeScript through tsx), with PORT set
to a free port, sends it HTTP requests from the lab's own process (keep-alive, loopback only),
one request = one iteration, and takes five heap snapshots of it, idle and settled, through
its inspector (open on a random loopback port while the run lasts). It says whether it leaks:
the bytes it keeps per request, what grows, who holds it. The server is stopped at the end
(its whole process group), and its port is free again.

  --request "M /p"   a request to send (default "GET /"); {i} is the request's number, so
                     "GET /orders/{i}" asks for a new id each time; several rotate
  --header "N: v"    a header for every request ({i} allowed); repeatable
  --body TEXT        a body for every request ({i} allowed)
  --concurrency N    requests in flight at once (default ${SERVE_DEFAULTS.concurrency})
  --iterations N     requests per measured interval (default ${SERVE_DEFAULTS.iterations}; four intervals)
  --warmup N         requests before the first snapshot (default ${SERVE_DEFAULTS.warmup})
  --port N           the port the server listens on, when it does not take PORT
  --listen-timeout S seconds the server may take to listen (default ${SERVE_DEFAULTS.listenTimeoutMs / 1000})
  --time-limit S     seconds the whole run may take (default ${SERVE_DEFAULTS.timeLimitMs / 1000})
  --budget BYTES     also fail above this many bytes per request, even below the leak verdict
  --max-old-space-size MB  the server's heap limit (passed to node), which the forecast uses
  --json             print one JSON document and nothing else
A leak's forecast says how many more requests, at the measured rate, until the server's heap
limit. Responses other than 2xx/3xx are counted and shown; when more than half fail, the run cannot
be judged. Exit code: 0 clean, 1 leak or over the budget, 2 when it cannot run (the server
exits, never listens, its port is taken) or for usage errors.`;

function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`--header takes "Name: value", not '${text.slice(0, 80)}'`);
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

await runCli('serve', USAGE, async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    request: { type: 'string', multiple: true },
    header: { type: 'string', multiple: true },
    body: { type: 'string' },
    concurrency: { type: 'string' },
    iterations: { type: 'string' },
    warmup: { type: 'string' },
    port: { type: 'string' },
    'listen-timeout': { type: 'string' },
    'time-limit': { type: 'string' },
    budget: { type: 'string' },
    'max-old-space-size': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one server entry file' : "which server? give its entry file (the one you'd run with node)");
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  const headers = Object.fromEntries(list(values.header).map(parseHeader));
  const body = typeof values.body === 'string' ? values.body : undefined;
  let requests: RequestSpec[];
  try {
    requests = (list(values.request).length ? list(values.request) : ['GET /']).map((text) => parseRequestSpec(text, headers, body));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(typeof values.budget === 'string' && /^\d+(\.\d+)?$/.test(values.budget))) {
    throw new UsageError(`--budget takes bytes per request (a number), not '${String(values.budget)}'`);
  }
  const port = values.port === undefined ? undefined : wholeNumber(values.port, '--port', 1);
  if (port !== undefined && port > 65535) throw new UsageError(`--port takes a port number (1 to 65535), not '${String(values.port)}'`);
  const showProgress = !values.json && process.stderr.isTTY === true;
  let result: ServeResult;
  try {
    result = await runServe(positionals[0], {
      requests,
      concurrency: values.concurrency === undefined ? undefined : wholeNumber(values.concurrency, '--concurrency', 1),
      iterations: values.iterations === undefined ? undefined : wholeNumber(values.iterations, '--iterations', 1),
      warmup: values.warmup === undefined ? undefined : wholeNumber(values.warmup, '--warmup', 0, 0),
      port,
      listenTimeoutMs: values['listen-timeout'] === undefined ? undefined : wholeNumber(values['listen-timeout'], '--listen-timeout', 1) * 1000,
      timeLimitMs: values['time-limit'] === undefined ? undefined : wholeNumber(values['time-limit'], '--time-limit', 1) * 1000,
      budget,
      maxOldSpaceMb: values['max-old-space-size'] === undefined ? undefined : wholeNumber(values['max-old-space-size'], '--max-old-space-size', 1),
      onProgress: showProgress
        ? (phase, iteration, total) => process.stderr.write(`\r\x1b[K${phase === 'analysis' ? 'analysing' : `${phase === 'progress' ? 'requests' : phase} ${iteration}/${total}`}`)
        : undefined,
    });
  } catch (error) {
    // Not a usage mistake (a missing file, a taken port): one line, and "cannot run".
    if (error instanceof ServerSetupError) {
      process.stderr.write(`serve: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    if (showProgress) process.stderr.write('\r\x1b[K');
  }
  if (values.json) await printJson(result);
  else process.stdout.write(`${serveSummary(result)}\n`);
  return result.ok ? 0 : result.verdict === 'leak' || result.verdict === 'clean' ? 1 : 2;
});
