// A webhook endpoint that registers each caller's hook by the name it sends, for the
// duration of the delivery: the hook is unregistered when the request is done.
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
  registry[name] = hook;
  return hook;
}

let delivered = 0;

export default {
  iteration(i) {
    const name = `${NAMES[i % NAMES.length]}#${i}`;
    const hook = registerHook(name, 'https://hooks.example/ping', i);
    try {
      if (hook.url.length > 0) delivered++;
    } finally {
      delete registry[name];
    }
  },
  metrics: () => ({ delivered }),
} satisfies Workload;
