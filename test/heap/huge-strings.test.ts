import { describe, expect, it } from 'vitest';
import { SnapshotParser } from '../../harness/heap/index.ts';

// V8 strings stop at 2^29 - 24 characters, so a snapshot whose strings section is longer
// cannot be JSON.parse'd, nor opened by DevTools or memlab. Ours must still read it.
describe('a strings section longer than the longest V8 string', () => {
  it('parses 600 strings of 1,000,000 characters (600 M characters in all)', () => {
    const stringCount = 600;
    const stringLength = 1_000_000;
    const header = {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
        node_types: [['synthetic', 'string'], 'string', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [['element'], 'string_or_number', 'node'],
      },
      node_count: 2,
      edge_count: 1,
    };
    const head = Buffer.from(`{"snapshot":${JSON.stringify(header)},"nodes":[0,0,1,0,1,1,599,3,${stringLength},0],"edges":[0,1,5],"strings":[`);
    const body = Buffer.alloc(stringLength, 'x');
    const total = head.length + stringCount * (stringLength + 3) + 2;
    expect(stringCount * stringLength).toBeGreaterThan(2 ** 29 - 24);

    const parser = new SnapshotParser(total);
    parser.write(head);
    for (let i = 0; i < stringCount; i++) {
      body[0] = 0x41 + (i % 26); // each string starts with its own letter
      parser.write(Buffer.from(i ? ',"' : '"'));
      // In pieces, so strings also cross chunk boundaries.
      for (let at = 0; at < stringLength; at += 300_001) parser.write(body.subarray(at, Math.min(stringLength, at + 300_001)));
      parser.write(Buffer.from('"'));
    }
    parser.write(Buffer.from(']}'));
    const snap = parser.end();

    expect(snap.strings.size).toBe(stringCount);
    const last = snap.name(1);
    expect(last.length).toBe(stringLength);
    expect(last[0]).toBe(String.fromCharCode(0x41 + (599 % 26)));
    expect(last.endsWith('xxx')).toBe(true);
    expect(snap.selfSize(1)).toBe(stringLength);
  });
});
