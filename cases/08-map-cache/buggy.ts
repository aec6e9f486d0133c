// An ingestion API. Each record is validated against its schema; compiling a schema is
// expensive, so compiled schemas are memoized.
import type { Workload } from '../../harness/contract.ts';
import { CompiledSchema, incomingRecord, SCHEMAS } from './schemas.ts';

const compiled = new Map<string, CompiledSchema>();
let compiles = 0;

function validatorFor(requestId: string, schemaId: string): CompiledSchema {
  const key = `${schemaId}:${requestId}`; // unique per request: every lookup misses, every entry stays
  let schema = compiled.get(key);
  if (!schema) {
    schema = new CompiledSchema(SCHEMAS.find((s) => s.id === schemaId)!);
    compiles++;
    compiled.set(key, schema);
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
