// The result document of a case run (`npm run case --json`, reports/<NN-slug>/result.json):
// what the lab hands to the renderers. Types only: the verdict's own types live in verdict/.

import type { CaseDefinition } from '../contract.ts';
import type { OomForecast } from './forecast.ts';
import type { Phase, Sample } from '../run/protocol.ts';
import type { RunFailure } from '../run/run-variant.ts';
import type { AllocationSiteResult } from '../verdict/allocation-sites.ts';
import type { ClassGrowth, ContainerGrowth } from '../verdict/growth.ts';
import type { Pattern } from '../verdict/patterns.ts';
import type { Confidence, Culprit, Verdict } from '../verdict/verdict.ts';

export type VariantName = 'buggy' | 'fixed';

export interface VariantResult {
  verdict: Verdict | RunFailure;
  expected: Verdict;
  bytesPerIteration: number | null;
  /** How sure the verdict is: every signal agreed with margin (high), or not (medium). */
  confidence: Confidence | null;
  /** Iterations per interval. */
  iterations: number;
  culprit: Culprit | null;
  /** The well-known leak shape the evidence matches, in one sentence. */
  pattern: Pattern | null;
  reasons: string[];
  growth: {
    /** Growth of the program's heap in each interval, bytes per iteration. */
    perInterval: number[];
    persistentPerIteration: number;
    timelineSlope: number;
    /** The program's heap at S0..SK. */
    totals: number[];
    survivors: { count: number; bytes: number };
    /** Long-lived objects whose own size grew (without their paths: see the culprit's). */
    containers: Omit<ContainerGrowth, 'path'>[];
  } | null;
  topClasses: ClassGrowth[];
  timeline: Sample[];
  /** Iterations at which S0..SK were taken. */
  snapshotIterations: number[];
  metrics: Record<string, number>;
  stdout: string;
  stderr: string;
  seconds: number;
  error?: { message: string; stack?: string };
  /** Where the snapshots were kept (--keep-snapshots), S0 first. */
  snapshots?: string[];
  /** For a leak: iterations until the process's heap limit at the measured rate. */
  forecast?: OomForecast;
  /** Where the culprit's objects were allocated (--alloc-stacks). */
  allocationSites?: AllocationSiteResult[];
}

export interface CaseResult {
  /** `ownFolder`: a folder without case.ts, whose family and culprit are placeholders. */
  case: Pick<CaseDefinition, 'id' | 'slug' | 'title' | 'family' | 'signal' | 'origin' | 'culprit' | 'hint'> & { dir: string; ownFolder?: true };
  variants: Partial<Record<VariantName, VariantResult>>;
  /** The verdicts are what the case expects (buggy leaks or runs high, fixed is clean). */
  ok: boolean;
  /** The buggy variant's culprit is the class the case declares (absent when not checked). */
  culpritMatches?: boolean;
  run: { node: string; platform: string; date: string; seconds: number; flags: string[] };
}

export interface CaseOptions {
  variants?: VariantName[];
  /** What each variant is expected to be, in place of the case's (`--expect`, for a folder without case.ts). */
  expected?: Partial<Record<VariantName, Verdict>>;
  iterations?: number;
  /** Keep the snapshots in <this folder>/<variant>/s0..sK.heapsnapshot. */
  keepSnapshotsIn?: string;
  trackAllocations?: boolean;
  onProgress?: (variant: VariantName, phase: Phase | 'progress' | 'analysis', iteration: number, total: number) => void;
}
