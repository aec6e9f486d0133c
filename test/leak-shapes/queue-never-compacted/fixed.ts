// A job consumer that uses an array as a FIFO queue with a head index. Taken slots are
// cleared and the array is compacted once the consumed prefix is large.
import type { Workload } from '../../../harness/contract.ts';

interface Job { id: number; kind: string; attempts: number; enqueuedAt: number }

const queue: (Job | undefined)[] = [];
let head = 0;
let processed = 0;

function enqueue(job: Job): void {
  queue.push(job);
}

function dequeue(): Job | undefined {
  if (head >= queue.length) return undefined;
  const job = queue[head];
  queue[head++] = undefined;
  if (head >= 64 && head * 2 >= queue.length) {
    queue.splice(0, head); // drop the consumed prefix
    head = 0;
  }
  return job;
}

function run(job: Job): void {
  job.attempts++;
  processed++;
}

export default {
  iteration(i) {
    enqueue({ id: 2 * i, kind: 'thumbnail', attempts: 0, enqueuedAt: i });
    enqueue({ id: 2 * i + 1, kind: 'email', attempts: 0, enqueuedAt: i });
    for (let job = dequeue(); job; job = dequeue()) run(job);
  },
  metrics: () => ({ processed, queueLength: queue.length - head }),
} satisfies Workload;
