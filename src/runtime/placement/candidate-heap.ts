/**
 * A binary min-heap of candidate indices by score, ties going to the lower index, so a
 * pass is deterministic. Each index is in the heap at most once.
 */
export class CandidateHeap {
  private readonly heap: Int32Array;
  private readonly scores: Float64Array;
  private length = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  clear(): void {
    this.length = 0;
  }

  /** Adds without ordering; call heapify() before the first pop. */
  append(index: number, score: number): void {
    this.scores[index] = score;
    this.heap[this.length++] = index;
  }

  heapify(): void {
    for (let i = (this.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  push(index: number, score: number): void {
    this.append(index, score);
    this.up(this.length - 1);
  }

  pop(): number {
    const top = this.heap[0];
    this.heap[0] = this.heap[--this.length];
    if (this.length > 0) this.down(0);
    return top;
  }

  private before(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    return sa < sb || (sa === sb && a < b);
  }

  private up(at: number): void {
    const { heap } = this;
    const item = heap[at];
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(item, heap[parent])) break;
      heap[at] = heap[parent];
      at = parent;
    }
    heap[at] = item;
  }

  private down(at: number): void {
    const { heap, length } = this;
    const item = heap[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= length) break;
      if (child + 1 < length && this.before(heap[child + 1], heap[child])) child++;
      if (!this.before(heap[child], item)) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = item;
  }
}
