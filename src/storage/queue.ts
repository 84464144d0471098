/**
 * Runs async tasks one after another. Every storage write in the background goes through one of
 * these: storage has no transactions, so two RPCs doing read-modify-write at once would otherwise
 * lose one of the updates.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // A failed task must not poison the queue for the next caller.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
