package io.trinity.workers.encode.qwen3;

import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a transcript out as Qwen chat messages: an optional system message, the query as the user's message, and
 * one assistant message per turn whose first line names the turn, its role and its model, as the pool sees them
 * in {@link Transcript#earlierTurnsText()}. Each message is {@code <|im_start|>role\ncontent<|im_end|>\n}, the
 * layout of Qwen's chat template; the transcript ends after the last message, so the penultimate token is the
 * last {@code <|im_end|>}.
 */
public final class ChatTemplate {
  /** The layout and tokenization this build encodes transcripts with; exports record it. */
  public static final String VERSION = "trinity-qwen3-chat/2";
  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";

  /** One chat message; {@code turn} is the 1-based turn number of an assistant message, 0 for the others. */
  public record Message(String role, String content, int turn) {
    public String header() {
      return IM_START + role + '\n';
    }

    public static String footer() {
      return IM_END + '\n';
    }

    public String text() {
      return header() + content + footer();
    }
  }

  private final String systemPrompt;

  /** {@code systemPrompt} may be null for no system message. */
  public ChatTemplate(String systemPrompt) {
    this.systemPrompt = systemPrompt;
  }

  public List<Message> messages(Transcript transcript) {
    List<Message> messages = new ArrayList<>(transcript.turns().size() + 2);
    if (systemPrompt != null) {
      messages.add(new Message("system", systemPrompt, 0));
    }
    messages.add(new Message("user", transcript.query(), 0));
    List<Turn> turns = transcript.turns();
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      messages.add(new Message("assistant", "### Turn " + (i + 1) + " | " + turn.role().title() + " | " + turn.model()
          + '\n' + turn.reply(), i + 1));
    }
    return messages;
  }

  /** The whole transcript as one string, as Qwen's chat template renders these messages. */
  public String render(Transcript transcript) {
    StringBuilder text = new StringBuilder();
    messages(transcript).forEach(m -> text.append(m.text()));
    return text.toString();
  }
}
