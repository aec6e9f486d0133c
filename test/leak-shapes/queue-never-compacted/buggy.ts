// A job consumer that uses an array as a FIFO queue with a head index. Taken jobs are
// never removed from the array (only `head++`), so `queue` keeps every job ever enqueued.
import type { Workload } from '../../../harness/contract.ts';

interface Job { id: number; kind: string; attempts: number; enqueuedAt: number }

const queue: Job[] = [];
let head = 0;
let processed = 0;

function enqueue(job: Job): void {
  queue.push(job);
}

function dequeue(): Job | undefined {
  return head < queue.length ? queue[head++] : undefined; // the slot keeps the job
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
