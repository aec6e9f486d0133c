// The schemas of case 8 and what compiling one costs: a field-offset table, the field names,
// and a validator per field. Ten schemas serve every request.

export interface Schema {
  id: string;
  fields: { name: string; type: 'string' | 'number' }[];
}

export const SCHEMAS: Schema[] = Array.from({ length: 10 }, (_, s) => ({
  id: `schema-${s}`,
  fields: Array.from({ length: 12 }, (_, f) => ({ name: `field${s}_${f}`, type: f % 2 ? 'number' : 'string' })),
}));

export class CompiledSchema {
  readonly offsets: number[];
  readonly names: string[];
  readonly validators: ((value: unknown) => boolean)[];
  readonly compiledAt = Date.now();

  constructor(readonly schema: Schema) {
    this.offsets = schema.fields.map((_, index) => index * 8);
    this.names = schema.fields.map((field) => `${schema.id}.${field.name}`);
    this.validators = schema.fields.map((field) => (value: unknown) => typeof value === field.type);
  }

  validate(record: Record<string, unknown>): boolean {
    return this.schema.fields.every((field, i) => this.validators[i](record[field.name]));
  }
}

export function incomingRecord(request: number): { requestId: string; schemaId: string; record: Record<string, unknown> } {
  const schema = SCHEMAS[request % SCHEMAS.length];
  const record = Object.fromEntries(schema.fields.map((f, k) => [f.name, f.type === 'number' ? k : `v${k}`]));
  return { requestId: `req-${request}`, schemaId: schema.id, record };
}
