// Finding cases: the lab's own in cases/NN-slug/, or any folder with buggy.ts and fixed.ts.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineCase, type CaseDefinition } from './contract.ts';

export const CASES_DIR = fileURLToPath(new URL('../cases/', import.meta.url));

export interface CaseFolder {
  dir: string;
  definition: CaseDefinition;
  /** False for a user's folder without case.ts: defaults apply, buggy is expected to leak. */
  hasCaseFile: boolean;
  variants: { buggy: string; fixed: string };
}

/** A case reference the user gave that matches nothing; the message lists the cases. */
export class UnknownCaseError extends Error {
  override name = 'UnknownCaseError';
}

/** The lab's cases, in order of their number. */
export function listCases(): { id: number; slug: string; dir: string }[] {
  if (!existsSync(CASES_DIR)) return [];
  return readdirSync(CASES_DIR)
    .map((name) => /^(\d+)-([a-z0-9-]+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && statSync(join(CASES_DIR, m[0])).isDirectory())
    .map((m) => ({ id: Number(m[1]), slug: m[2], dir: join(CASES_DIR, m[0]) }))
    .sort((a, b) => a.id - b.id);
}

/** Resolves `1`, `01`, `frame-subarray` or a folder path to a case folder. */
export async function findCase(reference: string): Promise<CaseFolder> {
  const cases = listCases();
  const looksLikePath = reference.includes('/') || reference.startsWith('.') || existsSync(reference);
  let dir: string | undefined;
  if (/^\d+$/.test(reference) && !looksLikePath) dir = cases.find((c) => c.id === Number(reference))?.dir;
  else if (!looksLikePath) dir = cases.find((c) => c.slug === reference)?.dir;
  else dir = resolve(reference);
  if (!dir || !existsSync(dir)) {
    const known = cases.map((c) => `${c.id} ${c.slug}`).join(', ');
    throw new UnknownCaseError(`no case '${reference}'. Cases: ${known || '(none yet)'}; or give a folder with buggy.ts and fixed.ts`);
  }
  if (!statSync(dir).isDirectory()) throw new UnknownCaseError(`${reference} is not a folder: give a case folder with buggy.ts and fixed.ts`);
  return loadCaseFolder(dir);
}

export async function loadCaseFolder(dir: string): Promise<CaseFolder> {
  const variants = { buggy: variantFile(dir, 'buggy'), fixed: variantFile(dir, 'fixed') };
  const missing = (['buggy', 'fixed'] as const).filter((v) => !variants[v]);
  if (missing.length) throw new UnknownCaseError(`${dir} has no ${missing.map((m) => `${m}.ts`).join(' or ')}: a case folder needs both`);
  const caseFile = ['case.ts', 'case.js', 'case.mjs'].map((f) => join(dir, f)).find(existsSync);
  let definition: CaseDefinition;
  if (caseFile) {
    const module = (await import(pathToFileURL(caseFile).href)) as { default?: CaseDefinition };
    if (!module.default?.slug) throw new UnknownCaseError(`${caseFile} must default-export defineCase({...})`);
    // Validated again, whether or not it went through defineCase: a missing time limit or a
    // slug such as '../x' (reports written outside reports/) must not get through.
    try {
      definition = defineCase(module.default);
    } catch (error) {
      throw new UnknownCaseError(`${caseFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    const folder = basename(dir);
    // Named after the folder, plus a short hash of where it is: two folders called `leak` in
    // different places must not share a reports folder.
    const where = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 6);
    const slug = `${folder.toLowerCase().replace(/^\d+-/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'my-case'}-${where}`;
    definition = defineCase({
      id: 0,
      slug,
      title: `Your case: ${folder}`,
      family: 'escape',
      signal: 'growth',
      culprit: { type: '*', name: '*' }, // any class: without case.ts only the verdicts are checked
    });
  }
  return { dir, definition, hasCaseFile: Boolean(caseFile), variants: variants as { buggy: string; fixed: string } };
}

function variantFile(dir: string, variant: 'buggy' | 'fixed'): string | undefined {
  return ['ts', 'mts', 'js', 'mjs'].map((ext) => join(dir, `${variant}.${ext}`)).find(existsSync);
}
