// Node-sized arrays that a finished computation no longer needs, handed to the next one in
// place of fresh ones. Two reasons, both worth most on a large heap:
//  1. Fresh memory costs more than writing it: the first touch of each 4 KiB page is a page
//     fault, about 3 ms a megabyte on a virtual machine (a 200 MB array: 0.55 s to fill
//     the first time, 8 ms the second).
//  2. A dropped array goes back to the system only at the next garbage collection, which
//     may come after the next computation has taken fresh memory: both count in the peak.
// A spare's contents are whatever its last user left: a taker must write before it reads.

export class SpareArrays {
  #arrays: Uint32Array[] = [];

  /** Arrays the giver will never touch again (nor anything viewing them). */
  give(...arrays: Uint32Array[]): void {
    this.#arrays.push(...arrays);
  }

  /** An array of `length` entries, any contents: a spare one when one is long enough. */
  take(length: number): Uint32Array {
    const i = this.#arrays.findIndex((array) => array.length >= length);
    if (i < 0) return new Uint32Array(length);
    const [array] = this.#arrays.splice(i, 1);
    return array.subarray(0, length);
  }
}
