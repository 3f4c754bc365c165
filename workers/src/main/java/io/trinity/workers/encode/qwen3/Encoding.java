package io.trinity.workers.encode.qwen3;

/**
 * One transcript's representation with what it took: the number of tokens of the (budgeted) transcript, how
 * many of them came from a cached prefix instead of being run, and what the token budget cut.
 */
public record Encoding(float[] hidden, int tokens, int reusedTokens, int droppedTurns, int clippedTokens) {
  public boolean truncated() {
    return droppedTurns > 0 || clippedTokens > 0;
  }
}
