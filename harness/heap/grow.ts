// Stacks and work lists that start small and grow: most walks of a heap keep few nodes waiting
// at once, but a long linked list can keep many, so none is sized for the worst case up front.

/** A copy of `array`, at least `needed` long and at least twice as long as it was. */
export function grownUint32(array: Uint32Array<ArrayBuffer>, needed = array.length + 1): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
