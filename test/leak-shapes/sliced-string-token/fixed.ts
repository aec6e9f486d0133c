// A form handler that remembers the CSRF token of 1 request in 16 (sampled for an audit).
// The sampled token is copied out of the 16 KiB body, so the body can go.
import type { Workload } from '../../../harness/contract.ts';

const sampledTokens = new Map<number, string>();

function readBody(i: number): string {
  const csrf = (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(4); // 32 hex digits
  return `comment=${'x'.repeat(16_000 + (i % 64))}&csrf=${csrf}&submit=1`;
}

function csrfToken(body: string): string {
  const token = /(?:^|&)csrf=([0-9a-f]{32})/.exec(body)![1];
  return JSON.parse(JSON.stringify(token)); // a flat copy of the 32 characters
}

let accepted = 0;

export default {
  iteration(i) {
    const token = csrfToken(readBody(i));
    if (i % 16 === 0) sampledTokens.set(i, token);
    accepted++;
  },
  metrics: () => ({ accepted, sampled: sampledTokens.size }),
} satisfies Workload;
