// A webhook endpoint that registers each caller's hook by the name it sends. Names are
// never unregistered, so `registry` keeps a property per request (names are hostile input).
import type { Workload } from '../../../harness/contract.ts';

interface Hook { name: string; url: string; createdAt: number }

const NAMES = [
  '<img src=x onerror=alert(1)>',
  '\x1b]0;pwned\x07',
  '\x1b[31mERROR\x1b[0m',
  '@everyone [x](http://evil)',
  'line one\nline two\r\n',
  'A'.repeat(500),
];

const registry: Record<string, Hook> = {};

function registerHook(name: string, url: string, now: number): Hook {
  const hook = { name, url, createdAt: now };
  registry[name] = hook; // one entry per request, never deleted
  return hook;
}

let delivered = 0;

export default {
  iteration(i) {
    const name = `${NAMES[i % NAMES.length]}#${i}`;
    const hook = registerHook(name, 'https://hooks.example/ping', i);
    if (hook.url.length > 0) delivered++;
  },
  metrics: () => ({ delivered }),
} satisfies Workload;
