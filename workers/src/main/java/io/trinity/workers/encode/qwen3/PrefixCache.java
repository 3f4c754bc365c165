package io.trinity.workers.encode.qwen3;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KV caches of encoded token sequences, least recently used first out, within a byte budget. An entry is the
 * full sequence of an encoded transcript; a later transcript of the same episode (or of another candidate on the
 * same task) finds it as a prefix at one of its message boundaries and runs only the tokens after it. Not
 * thread-safe: the encoder uses it under its lock.
 */
final class PrefixCache implements AutoCloseable {
  /** A cached sequence: its KV cache and its final-normed hidden state at its penultimate token. */
  record Entry(KvCache cache, float[] hidden) {}

  /** Token ids and the SVF scales they were run with (null without SVF): other scales mean other keys. */
  record Key(int[] ids, float[] scales) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(ids, key.ids) && Arrays.equals(scales, key.scales);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(ids) + Arrays.hashCode(scales);
    }
  }

  private final long capacityBytes;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  PrefixCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  /** The longest cached prefix of {@code ids} run with {@code scales} that ends at one of {@code ends}, or null. */
  Entry longest(int[] ids, float[] scales, int[] ends) {
    for (int i = ends.length - 1; i >= 0; i--) {
      Entry entry = entries.get(new Key(Arrays.copyOf(ids, ends[i]), scales));
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  /** Stores the entry, taking ownership of its cache (closed at once if it does not fit or is already held). */
  void put(Key key, Entry entry) {
    long size = entry.cache().bytes();
    if (size > capacityBytes || entries.containsKey(key)) {
      entry.cache().close();
      return;
    }
    Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
    while (bytes + size > capacityBytes && eldest.hasNext()) {
      KvCache evicted = eldest.next().getValue().cache();
      bytes -= evicted.bytes();
      evicted.close();
      eldest.remove();
    }
    entries.put(key, entry);
    bytes += size;
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return bytes;
  }

  @Override
  public void close() {
    entries.values().forEach(e -> e.cache().close());
    entries.clear();
    bytes = 0;
  }
}
