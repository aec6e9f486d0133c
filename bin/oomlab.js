#!/usr/bin/env node
// The installed `oomlab` command. The lab is TypeScript, and so are cases and workloads: tsx,
// a runtime dependency, loads them (see README: "Why TypeScript at run time").
import { register } from 'tsx/esm/api';

register();
await import('../scripts/oomlab.ts');
