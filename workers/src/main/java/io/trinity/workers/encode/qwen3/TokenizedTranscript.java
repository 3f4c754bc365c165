package io.trinity.workers.encode.qwen3;

/**
 * The token ids of a chat-formatted transcript and where its messages end. {@code droppedTurns} counts the oldest
 * turns left out to fit the token budget and {@code clippedTokens} the tokens cut from inside messages; both are
 * zero when the transcript fitted.
 */
public record TokenizedTranscript(int[] ids, int[] messageEnds, int droppedTurns, int clippedTokens) {
  public boolean truncated() {
    return droppedTurns > 0 || clippedTokens > 0;
  }
}
