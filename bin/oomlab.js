#!/usr/bin/env node
// The installed `oomlab` command. The package ships the lab as JavaScript, built at pack time
// beside its TypeScript (scripts/build.ts): it starts without a loader. In a checkout of the
// repository there is only the TypeScript, and tsx (a runtime dependency) loads it. Users'
// TypeScript cases and workloads load through tsx either way (see scripts/oomlab.ts).
import { existsSync } from 'node:fs';

const built = new URL('../scripts/oomlab.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../scripts/oomlab.ts');
}
