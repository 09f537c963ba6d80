// Ids as the server hands them out: int64 values around 4.5e17 (beyond 2^53, so clients must keep
// them exact), from one increasing allocator, like the root coordinator's global id allocator.

/** The first id of a fresh emulator: a real-looking TSO-derived id, above 2^53. */
export const DEFAULT_FIRST_ID = 449503829274509312n;

export class IdAllocator {
  private next: bigint;

  constructor(first: bigint = DEFAULT_FIRST_ID) {
    if (first <= 0n || first > 2n ** 63n - 1n) throw new RangeError(`the first id must be a positive int64; got ${first}`);
    this.next = first;
  }

  /** A new id, greater than every id handed out before. */
  allocate(): bigint {
    const id = this.next;
    this.next += 1n;
    return id;
  }
}
