type Release = () => void;

interface Waiter {
  readonly exclusive: boolean;
  readonly grant: (release: Release) => void;
}

/**
 * A fair (FIFO) readers-writer lock: any number of shared holders, or one exclusive holder.
 * Fairness matters: a steady stream of reads must not starve a waiting transaction.
 */
export class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  acquire(exclusive: boolean): Promise<Release> {
    return new Promise((resolve) => {
      this.queue.push({ exclusive, grant: resolve });
      this.drain();
    });
  }

  async with<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(exclusive);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0] as Waiter;
      if (next.exclusive) {
        if (this.writer || this.readers > 0) return;
        this.queue.shift();
        this.writer = true;
        next.grant(this.releaser(true));
        return;
      }
      if (this.writer) return;
      this.queue.shift();
      this.readers += 1;
      next.grant(this.releaser(false));
    }
  }

  private releaser(exclusive: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.writer = false;
      else this.readers -= 1;
      this.drain();
    };
  }
}
