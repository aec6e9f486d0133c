// A wrong fix of case 08 that a learner might try: it bounds the symptom, not the cause.
// --check must reject it (test/workshop/workshop.test.ts).
// An ingestion API. Each record is validated against its schema; compiling a schema is
// expensive, so compiled schemas are memoized.
import type { Workload } from '../../../harness/contract.ts';
import { CompiledSchema, incomingRecord, SCHEMAS } from '../../../cases/08-map-cache/schemas.ts';

const compiled = new Map<string, CompiledSchema>();
let compiles = 0;

function validatorFor(requestId: string, schemaId: string): CompiledSchema {
  const key = `${schemaId}:${requestId}`; // unique per request: every lookup misses, every entry stays
  let schema = compiled.get(key);
  if (!schema) {
    schema = new CompiledSchema(SCHEMAS.find((s) => s.id === schemaId)!);
    compiles++;
    compiled.set(key, schema);
    // the learner's "fix": an LRU of 100 (the shape sentence's "bound it")
    if (compiled.size > 100) compiled.delete(compiled.keys().next().value!);
  }
  return schema;
}

let valid = 0;

export default {
  iteration(request) {
    const { requestId, schemaId, record } = incomingRecord(request);
    if (validatorFor(requestId, schemaId).validate(record)) valid++;
  },
  metrics: () => ({ valid, memoEntries: compiled.size, compiles }),
} satisfies Workload;
