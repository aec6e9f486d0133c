// Messages between the parent and the measured child (over the IPC channel of fork()).

export interface ChildConfig {
  variantPath: string;
  warmup: number;
  /** Iterations in each measured interval: snapshots s0..s<n> are taken, one before and one after each. */
  schedule: number[];
  sampleEvery: number;
  /** Where the child writes s0.heapsnapshot, s1.heapsnapshot, ... */
  snapshotDir: string;
  /** Record allocation stacks (slower; snapshots then carry trace_node_id). */
  trackAllocations: boolean;
  /**
   * 'measure' runs the snapshot protocol (a snapshot before and after each interval); 'oom' runs iterations until `maxIterations`
   * (or death), streaming samples, and writes a snapshot when the parent asks.
   */
  mode?: 'measure' | 'oom';
  maxIterations?: number;
  /**
   * OOM mode: while the heap in use is below these bytes, samples are taken after a settle at
   * iterations 1.25 times apart (child.ts, SETTLE_STEP): the settled figures the forecast is fitted to.
   */
  settleUntil?: number;
}

/** Messages from the parent (OOM mode). */
export type ParentMessage = { type: 'snapshot-now'; file: string };

export type Phase = 'setup' | 'warmup' | 'interval' | 'snapshot' | 'teardown';

/** One memory sample, taken after a settle. */
export interface Sample {
  iteration: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

export type ChildMessage =
  | { type: 'phase'; phase: Phase; iteration: number }
  | { type: 'progress'; iteration: number; total: number }
  | { type: 'snapshot'; index: number; iteration: number; file: string }
  | { type: 'done'; timeline: Sample[]; metrics: Record<string, number>; seconds: number; iterationSeconds: number; sourceMaps: Record<string, unknown>; heapLimit: number }
  | { type: 'error'; where: string; message: string; stack: string }
  | { type: 'sample'; sample: Sample; settled?: { heapSizeLimit: number } }
  | { type: 'snapshot-written'; file: string; iteration: number }
  /** OOM mode: V8's heap limit was raised in this iteration (Node did it to write a near-death snapshot: the heap had reached its cap). */
  | { type: 'limit-raised'; iteration: number; heapSizeLimit: number }
  | { type: 'finished'; iteration: number; metrics: Record<string, number> };
