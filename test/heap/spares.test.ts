import { describe, expect, it } from 'vitest';
import { SpareArrays } from '../../harness/heap/spares.ts';

describe('spare arrays', () => {
  it('lends a given array once, cut to the length asked for; a fresh one when none is long enough', () => {
    const spares = new SpareArrays();
    const given = new Uint32Array(10).fill(7);
    spares.give(given);
    expect(spares.take(20)).toEqual(new Uint32Array(20)); // too short: a fresh, zeroed one
    const taken = spares.take(8);
    expect(taken.buffer).toBe(given.buffer);
    expect(taken.length).toBe(8);
    expect(spares.take(8).buffer).not.toBe(given.buffer); // lent once only
  });
});
