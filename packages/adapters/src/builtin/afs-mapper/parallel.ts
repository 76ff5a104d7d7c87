// Bounded parallelism for file-system calls: on a disk, symlink(2) costs the kernel far more
// than the JavaScript around it (ext4 here: ~300 us a link), and several in flight (libuv's
// threads) finish a large tree sooner than one after another (measured: ~1.8x on ext4),
// leaving the agent's event loop free meanwhile.

/** How many file-system calls the mapper keeps in flight. */
export const FS_CONCURRENCY = 16;

/** Runs fn over items with at most `limit` calls in flight; every call settles before it resolves. */
export async function inParallel<T>(items: readonly T[], fn: (item: T, index: number) => Promise<void>, limit = FS_CONCURRENCY): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
