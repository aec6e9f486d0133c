import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseHeapSnapshot, readHeapSnapshot, SnapshotParser, HeapSnapshotError } from '../../harness/heap/index.ts';
import { Str, tinySnapshot } from '../helpers/tiny-snapshot.ts';
import { scratchDir } from '../helpers/scratch.ts';

const fixture = (name: string): string => new URL(`../fixtures/${name}`, import.meta.url).pathname;

function parseInChunks(bytes: Uint8Array, size: number) {
  const parser = new SnapshotParser();
  for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
  return parser.end();
}

describe('streaming parser', () => {
  const awkward = ['plain', 'é accent', 'quote " and \\ backslash', 'line\nbreak\ttab', '\u2028', '😀 emoji', '\u0000nul', 'x'.repeat(3000)];
  const text = tinySnapshot(
    [{ name: '', type: 'synthetic', size: 0 }, ...awkward.map((name) => ({ name, type: 'string' }))],
    awkward.map((_, i) => ({ from: 0, to: i + 1, type: 'element', name: i })),
  );
  const bytes = Buffer.from(text, 'utf8');

  it('decodes every string exactly as JSON.parse does, whatever the chunk size', () => {
    const reference = JSON.parse(text) as { strings: string[] };
    for (const size of [1, 2, 3, 5, 7, 13, 64, 4096, bytes.length]) {
      const snap = parseInChunks(bytes, size);
      expect(snap.strings.toArray(), `chunk size ${size}`).toEqual(reference.strings);
      expect(snap.nodeCount).toBe(awkward.length + 1);
      expect(awkward.map((_, i) => snap.name(i + 1))).toEqual(awkward);
    }
  });

  it('looks fields up by name, whatever their order and with unknown extra fields', () => {
    // node_fields in a different order with an unknown field: must not shift values.
    const header = {
      meta: {
        node_fields: ['id', 'future_field', 'name', 'type', 'edge_count', 'self_size'],
        node_types: [['synthetic', 'object', 'a brand new type'], 'string', 'number', 'number', 'number', 'number'],
        edge_fields: ['to_node', 'type', 'name_or_index'],
        edge_types: [['property', 'weak', 'element'], 'string_or_number', 'node'],
      },
      node_count: 3,
      edge_count: 2,
    };
    const json = `{"snapshot":${JSON.stringify(header)},"nodes":[1,0,0,0,2,0, 3,99,1,1,0,40, 5,99,2,2,0,8],` +
      `"edges":[6,0,1, 12,2,7],"strings":["","Thing","shape"]}`;
    const snap = parseHeapSnapshot(json);
    expect(snap.id(1)).toBe(3);
    expect(snap.name(1)).toBe('Thing');
    expect(snap.typeName(1)).toBe('object');
    expect(snap.selfSize(1)).toBe(40);
    expect(snap.typeName(2)).toBe('a brand new type');
    expect(snap.className(2)).toBe('(a brand new type)');
    expect(snap.edgeTo[1]).toBe(2);
    expect(snap.edgeName(1)).toBe('7');
    expect(snap.edgeTypeName(0)).toBe('property');
    expect(snap.edgeName(0)).toBe('Thing');
  });

  it('reads allocation stacks from trace_function_infos and trace_tree', () => {
    // Two frames: outer() at app.js:10:5 calls inner() at app.js:3:1; node 1 was allocated in
    // inner. V8 writes these positions 1-based.
    const text = tinySnapshot(
      [{ name: '', type: 'synthetic', size: 0 }, { name: 'Leaky', traceNodeId: 2 }],
      [{ from: 0, to: 1, type: 'element', name: 1 }],
      {
        withTraceNodeId: true,
        extra: {
          trace_function_infos: [1, new Str('outer'), new Str('app.js'), 7, 10, 5, 2, new Str('inner'), new Str('app.js'), 7, 3, 1],
          trace_tree: [1, 0, 0, 0, [2, 1, 1, 10, []]],
        },
      },
    );
    const snap = parseHeapSnapshot(text);
    expect(snap.nodeTraceId?.[1]).toBe(2);
    expect(snap.traceStacks.get(2)).toEqual([
      { functionName: 'inner', scriptName: 'app.js', line: 3, column: 1 },
      { functionName: 'outer', scriptName: 'app.js', line: 10, column: 5 },
    ]);
  });
});

describe('real snapshots from five runtimes', () => {
  for (const runtime of ['node18', 'node20', 'node22', 'node24', 'chromium']) {
    it(`${runtime}: parses exactly what JSON.parse sees`, async () => {
      const file = fixture(`${runtime}-planted.heapsnapshot.gz`);
      const snap = await readHeapSnapshot(file);
      const reference = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
      const meta = reference.snapshot.meta;
      const width = meta.node_fields.length;
      expect(snap.nodeCount).toBe(reference.snapshot.node_count);
      expect(snap.edgeCount).toBe(reference.snapshot.edge_count);
      expect(snap.strings.toArray()).toEqual(reference.strings);
      for (const i of [0, 1, 17, Math.floor(snap.nodeCount / 2), snap.nodeCount - 1]) {
        expect(snap.id(i)).toBe(reference.nodes[i * width + meta.node_fields.indexOf('id')]);
        expect(snap.rawSelfSize(i)).toBe(reference.nodes[i * width + meta.node_fields.indexOf('self_size')]);
        expect(snap.typeName(i)).toBe(meta.node_types[0][reference.nodes[i * width]]);
      }
      const last = snap.edgeCount - 1;
      expect(snap.edgeTo[last] * width).toBe(reference.edges[last * 3 + 2]);
      // None of these was taken with allocation tracking: trace ids are all 0, no column is kept.
      expect(snap.nodeTraceId).toBeNull();
    });
  }
});

describe('bad input', () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['empty', '', /empty/],
    ['whitespace only', '  \n', /truncated/],
    ['not JSON', 'hello world', /expected '\{'/],
    ['JSON but not a snapshot', '{"name":"x","version":1}', /no "snapshot" header/],
    ['a header without meta', '{"snapshot":{"node_count":0,"edge_count":0},"nodes":[],"edges":[],"strings":[]}', /meta/],
    ['an array', '[1,2,3]', /expected '\{'/],
    ['letters among the nodes', '{"snapshot":' + JSON.stringify({ meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [['object']], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [['property']] }, node_count: 1, edge_count: 0 }) + ',"nodes":[0,0,1,x', /expected a number/],
  ];
  for (const [label, input, message] of cases) {
    it(`rejects ${label} with one line`, () => {
      let caught: unknown;
      try {
        parseHeapSnapshot(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(HeapSnapshotError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain('\n');
    });
  }

  it('rejects every truncation of a real snapshot', () => {
    const text = tinySnapshot([{ name: '', type: 'synthetic', size: 0 }, { name: 'A' }], [{ from: 0, to: 1, type: 'element', name: 1 }]);
    for (let cut = 1; cut < text.length - 1; cut += 3) {
      expect(() => parseHeapSnapshot(text.slice(0, cut)), `cut at ${cut}`).toThrow(HeapSnapshotError);
    }
  });

  it('rejects random bytes without hanging', () => {
    let seed = 7;
    for (let round = 0; round < 50; round++) {
      const bytes = new Uint8Array(2000).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
      if (round % 2) bytes[0] = 0x7b; // start like JSON, so the parser goes further in
      expect(() => parseHeapSnapshot(bytes)).toThrow(HeapSnapshotError);
    }
  });

  it('rejects edges that point outside the nodes', () => {
    const text = tinySnapshot([{ name: '', type: 'synthetic', size: 0 }, { name: 'A' }], [{ from: 0, to: 1, type: 'element', name: 1 }]);
    const broken = text.replace(/"edges":\[(\d+),(\d+),(\d+)\]/, '"edges":[$1,$2,600]');
    expect(() => parseHeapSnapshot(broken)).toThrow(/not a node/);
  });

  describe('crafted snapshots say what is wrong instead of wrapping or printing it raw', () => {
    const root = { name: '', type: 'synthetic', size: 0 };
    const base = (): string => tinySnapshot([root, { name: 'A', size: 16 }], [{ from: 0, to: 1, type: 'element', name: 1 }]);
    const nodes = (text: string): number[] => JSON.parse(/"nodes":(\[[^\]]*\])/.exec(text)![1]) as number[];
    const withNodes = (text: string, values: number[] | string): string => text.replace(/"nodes":\[[^\]]*\]/, `"nodes":[${values}]`);

    it('a name index of 2^32 + 2 is refused, not read as string 2', () => {
      const values = nodes(base());
      const width = values.length / 2;
      values[width + 1] = 2 ** 32 + 2;
      expect(() => parseHeapSnapshot(withNodes(base(), values))).toThrow(/node 1 has a field out of range .*name 4294967298/);
    });

    it('a 400-digit self size is refused, not printed as Infinity TiB', () => {
      const values: (number | string)[] = nodes(base());
      const width = values.length / 2;
      values[width + 3] = '9'.repeat(400);
      expect(() => parseHeapSnapshot(withNodes(base(), values.join(',')))).toThrow(/out of range/);
    });

    it('type names with terminal escapes are refused', () => {
      const text = base().replace('"synthetic"', '"synthetic\\u001b]0;pwned\\u0007"');
      expect(() => parseHeapSnapshot(text)).toThrow(/type names are not plain names/);
    });

    it('a header of many MB is refused early, with one line', () => {
      const text = base().replace('{"snapshot":{', `{"snapshot":{"padding":"${'x'.repeat(2 * 1024 * 1024)}",`);
      expect(() => parseHeapSnapshot(text)).toThrow(/"snapshot" header is over 1 MiB/);
    });

    it('duplicate node ids are reported by a diff instead of hiding a new object', async () => {
      const { newSince } = await import('../../harness/heap/index.ts');
      const a = parseHeapSnapshot(tinySnapshot([root, { name: 'A', id: 5 }, { name: 'B', id: 5 }], [{ from: 0, to: 1, type: 'element', name: 1 }, { from: 0, to: 2, type: 'element', name: 2 }]));
      expect(() => newSince(a, a)).toThrow(/1 node ids appear more than once/);
    });

    it('an allocation trace tree 16,000 deep keeps at most 32 frames a stack (linear memory)', () => {
      const depth = 16_000;
      // [1,0,1,8,[2,0,1,8,[ ... [16000,0,1,8,[]] ... ]]], written as text: too deep for the helper.
      let tree = '';
      for (let id = 1; id <= depth; id++) tree += `[${id},0,1,8,`;
      tree += `[]${']'.repeat(depth)}`;
      const text = tinySnapshot([root, { name: 'A', traceNodeId: depth }], [{ from: 0, to: 1, type: 'element', name: 1 }], {
        withTraceNodeId: true,
        extra: { trace_function_infos: [1, new Str('f'), new Str('x.js'), 1, 1, 1], trace_tree: [] },
      }).replace('"trace_tree":[]', `"trace_tree":${tree}`);
      const snap = parseHeapSnapshot(text);
      expect(snap.traceStacks.size).toBe(depth);
      expect(snap.traceStacks.get(depth)!.length).toBe(32);
    });
  });

  it('names the file in errors from disk: missing, directory, corrupt gzip', async () => {
    await expect(readHeapSnapshot('/no/such/file.heapsnapshot')).rejects.toThrow(/cannot read .*no such file/);
    await expect(readHeapSnapshot(new URL('.', import.meta.url).pathname)).rejects.toThrow(/directory/);
    const { writeFileSync } = await import('node:fs');
    const dir = scratchDir('oomlab-parse-');
    const gz = readFileSync(fixture('node20-planted.heapsnapshot.gz'));
    writeFileSync(`${dir}/cut.heapsnapshot.gz`, gz.subarray(0, gz.length >> 1));
    await expect(readHeapSnapshot(`${dir}/cut.heapsnapshot.gz`)).rejects.toThrow(/cut\.heapsnapshot\.gz: .*(gzip|truncated)/);
  });
});
