package io.trinity.workers.encode.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The keys (after rotary embedding) and values of every layer for one token sequence, each of shape
 * [kv heads, length, head dim], owned by the cache's own manager. Closing the cache frees them; the empty cache
 * owns nothing.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int length;

  private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, int length) {
    this.manager = manager;
    this.keys = keys;
    this.values = values;
    this.length = length;
  }

  /** The cache of no tokens. */
  public static KvCache empty() {
    return new KvCache(null, null, null, 0);
  }

  /** Takes ownership of the arrays: they move to {@code manager}, which the cache closes. */
  static KvCache of(NDManager manager, NDArray[] keys, NDArray[] values, int length) {
    for (int layer = 0; layer < keys.length; layer++) {
      keys[layer].attach(manager);
      values[layer].attach(manager);
    }
    return new KvCache(manager, keys, values, length);
  }

  /** The number of tokens cached. */
  public int length() {
    return length;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  /** The memory the cached arrays take. */
  public long bytes() {
    if (keys == null) {
      return 0;
    }
    long bytes = 0;
    for (int layer = 0; layer < keys.length; layer++) {
      bytes += keys[layer].size() * keys[layer].getDataType().getNumOfBytes() * 2;
    }
    return bytes;
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
    }
  }
}
