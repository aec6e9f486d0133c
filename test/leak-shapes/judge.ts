// Runs one entry of a catalogue (test/leak-shapes/ or test/real-libraries/) through the real
// harness and says whether the lab got it right: a leak judged a leak (with its holder named,
// its pattern recognised and, for an unbounded collection, the collection's kind named) and its
// fix clean; a trap clean. Used by the test suites and by `npm run catalogue`.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadCaseFolder, type CaseFolder } from '../../harness/catalog.ts';
import { defineCase } from '../../harness/contract.ts';
import type { VariantResult } from '../../harness/lab/result.ts';
import { runCase } from '../../harness/lab/run-case.ts';
import type { ShapeExpectation } from './catalogue.ts';

export const SHAPES_DIR = fileURLToPath(new URL('./', import.meta.url));

export interface ShapeOutcome {
  slug: string;
  kind: 'leak' | 'trap';
  /** The judged variant: buggy for a leak, the trap itself for a trap. */
  verdict: string;
  /** The fixed variant's verdict (leaks only). */
  fixedVerdict?: string;
  bytesPerIteration: number | null;
  confidence: string | null;
  holder: string;
  pattern: string;
  sentence: string;
  seconds: number;
  /** What the lab got wrong; empty when right. */
  problems: string[];
}

function trapFolder(dir: string, slug: string): CaseFolder {
  const file = join(dir, 'traps', `${slug}.ts`);
  const definition = defineCase({ id: 0, slug: `trap-${slug}`, title: `Trap: ${slug}`, family: 'escape', signal: 'growth', culprit: { type: '*', name: '*' } });
  return { dir: join(dir, 'traps'), definition, hasCaseFile: false, variants: { buggy: file, fixed: file } };
}

/** Whether a sentence names a collection kind: the class name as a word (`Map`, not `WeakMap`
 *  or `mapping`), or for a plain object the word object. */
export function namesKind(sentence: string, kind: NonNullable<ShapeExpectation['collectionKind']>): boolean {
  return kind === 'object' ? /\bobject\b/i.test(sentence) : new RegExp(`(?<![A-Za-z0-9])${kind}\\b`).test(sentence);
}

function articled(kind: string): string {
  return `${/^[AEIOUaeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

export async function judgeShape(shape: ShapeExpectation): Promise<ShapeOutcome> {
  const started = performance.now();
  const problems: string[] = [];
  const dir = shape.dir ?? SHAPES_DIR;
  let judged: VariantResult;
  let fixed: VariantResult | undefined;
  if (shape.kind === 'trap') {
    const result = await runCase(trapFolder(dir, shape.slug), { variants: ['fixed'] });
    judged = result.variants.fixed!;
    if (judged.verdict !== 'clean') problems.push(`judged ${judged.verdict}, not clean: ${judged.error?.message ?? judged.reasons.join('; ')}`);
  } else {
    const result = await runCase(await loadCaseFolder(join(dir, shape.slug)));
    judged = result.variants.buggy!;
    fixed = result.variants.fixed!;
    if (judged.verdict !== 'leak') problems.push(`buggy judged ${judged.verdict}, not leak: ${judged.error?.message ?? judged.reasons.join('; ')}`);
    if (fixed.verdict !== 'clean') problems.push(`fixed judged ${fixed.verdict}, not clean: ${fixed.error?.message ?? fixed.reasons.join('; ')}`);
    const holder = judged.culprit?.grows?.holder ?? '';
    const holders = [judged.culprit?.holder ?? '', holder].filter(Boolean);
    if (shape.holder && !holders.some((h) => shape.holder!.test(h))) problems.push(`holder ${JSON.stringify(holders)} does not match ${shape.holder}`);
    const patterns = shape.pattern === undefined ? [] : [shape.pattern].flat();
    const answered = judged.pattern?.id ?? 'none';
    if (patterns.length && !patterns.includes(answered)) problems.push(`pattern ${answered}, not ${patterns.join(' or ')}`);
    if (shape.collectionKind && answered === 'unbounded-collection' && !namesKind(judged.pattern?.sentence ?? '', shape.collectionKind)) {
      problems.push(`the sentence does not name the collection as ${articled(shape.collectionKind)}: ${JSON.stringify(judged.pattern?.sentence ?? '')}`);
    }
    const throughCode = judged.culprit?.path.find((step) => step.node.type === 'code');
    if (throughCode) problems.push(`the culprit's path passes through the engine's ${throughCode.node.name}`);
    const [min, max] = shape.bytesPerIteration ?? [0, Infinity];
    const rate = judged.bytesPerIteration ?? NaN;
    if (!(rate >= min && rate <= max)) problems.push(`${rate.toFixed(0)} B/iteration, outside ${min}..${max}`);
  }
  return {
    slug: shape.slug,
    kind: shape.kind,
    verdict: judged.verdict,
    ...(fixed ? { fixedVerdict: fixed.verdict } : {}),
    bytesPerIteration: judged.bytesPerIteration,
    confidence: judged.confidence,
    holder: judged.culprit?.holder ?? '',
    pattern: judged.pattern?.id ?? '',
    sentence: judged.pattern?.sentence ?? '',
    seconds: (performance.now() - started) / 1000,
    problems,
  };
}
