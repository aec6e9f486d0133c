// A case folder whose variant starts a helper process and hangs (test/harness/supervise.test.ts).
export { default } from '../spawns-and-hangs.ts';
