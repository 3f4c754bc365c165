package io.trinity.workers.encode.qwen3;

import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a transcript out as Qwen chat messages: an optional system message, the task's prompt as the user's message, and
 * one assistant message per turn whose first line names the turn, its role and its model, as the pool sees them
 * in {@link Transcript#earlierTurnsText()}. Each message is {@code <|im_start|>role\ncontent<|im_end|>\n} (Qwen's
 * ChatML markup) with its content verbatim; the transcript ends after the last message, so the penultimate token
 * is the last {@code <|im_end|>}.
 *
 * <p>Qwen3's own chat template renders these messages the same way but for the last assistant message, which it
 * opens with an empty think block ({@code <think>\n\n</think>\n\n}), and for assistant messages containing
 * {@code </think>}, whose text before it becomes the think block's reasoning. Both are left out on purpose. The
 * empty block stands where Qwen3 writes its own reply, and the coordinator never generates: it reads the model as
 * an encoder. A turn that carried the block while last and lost it when the next turn came would change the ids
 * of an episode's earlier transcript, so its KV cache could not be continued; a block in every turn would keep
 * them but match Qwen3's rendering nowhere. A reply is a pool model's text, shown as it came.
 */
public final class ChatTemplate {
  /**
   * What a transcript's token ids mean, for whoever stores or compares them: Qwen's ChatML markup laid out as
   * above, each message tokenized whole, so the ids are the tokenizer's ids of the rendered transcript (but for a
   * message clipped to the token budget, see {@link TranscriptTokenizer}), no think block in any assistant message
   * and no generation prompt after the last one. Version 1 tokenized each message's header, content and footer
   * apart, which gives one token more where a content starts with a line break (after optional white space).
   */
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
    messages.add(new Message("user", transcript.prompt(), 0));
    List<Turn> turns = transcript.turns();
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      messages.add(new Message("assistant", "### Turn " + (i + 1) + " | " + turn.role().title() + " | " + turn.model()
          + '\n' + turn.reply(), i + 1));
    }
    return messages;
  }

  /** The whole transcript as one string: the messages' texts joined. */
  public String render(Transcript transcript) {
    StringBuilder text = new StringBuilder();
    messages(transcript).forEach(m -> text.append(m.text()));
    return text.toString();
  }
}
