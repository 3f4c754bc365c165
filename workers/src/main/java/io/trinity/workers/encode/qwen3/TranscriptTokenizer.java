package io.trinity.workers.encode.qwen3;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.trinity.workers.transcript.Transcript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizes chat-formatted transcripts with the checkpoint's {@code tokenizer.json} (DJL's Hugging Face
 * tokenizers) and fits them into a token budget.
 *
 * <p>Each message ({@code <|im_start|>role\ncontent<|im_end|>\n}) is tokenized whole, so Qwen's pre-tokenizer sees
 * the header's newline next to the content, as it does in the rendered transcript (it merges that newline with
 * newlines that start the content). Messages begin and end with special tokens, which the tokenizer splits at
 * before anything else, so the messages' ids joined are the ids of the whole rendered transcript, and a
 * transcript's ids start with those of any shorter transcript of the same episode: that is what lets the encoder
 * continue a cached prefix exactly.
 *
 * <p>Over budget, the oldest turns are dropped first; the system message, the prompt and the latest turn are kept.
 * If those alone are over budget, the latest turn keeps its end (where the answer or verdict is) and then the
 * prompt keeps its beginning. Only such a clipped message is tokenized in pieces (header, the kept ids of its
 * content, footer), so it may differ from the real tokenizer's ids of its clipped text at the header's newline.
 */
public final class TranscriptTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final ChatTemplate template;
  private final int budget;

  private TranscriptTokenizer(HuggingFaceTokenizer tokenizer, ChatTemplate template, int budget) {
    this.tokenizer = tokenizer;
    this.template = template;
    this.budget = budget;
  }

  public static TranscriptTokenizer load(Path tokenizerJson, ChatTemplate template, int budget) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new CheckpointException("model directory " + tokenizerJson.getParent() + " has no "
          + tokenizerJson.getFileName());
    }
    Natives.offline();
    try {
      HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerJson)
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .optPadding(false)
          .build();
      return new TranscriptTokenizer(tokenizer, template, budget);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  /** The ids of {@code text} with no special tokens added. */
  public int[] ids(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  public TokenizedTranscript tokenize(Transcript transcript) {
    List<ChatTemplate.Message> messages = template.messages(transcript);
    List<int[]> pieces = new ArrayList<>(messages.size());
    int total = 0;
    for (ChatTemplate.Message message : messages) {
      pieces.add(ids(message.text()));
      total += pieces.get(pieces.size() - 1).length;
    }
    if (total <= budget) {
      return join(pieces, 0, 0);
    }
    int turns = transcript.turns().size();
    int fixed = pieces.size() - turns;
    // keep the fixed messages and as many of the latest turns as fit
    int used = 0;
    for (int i = 0; i < fixed; i++) {
      used += pieces.get(i).length;
    }
    int kept = 0;
    while (kept < turns && used + pieces.get(pieces.size() - 1 - kept).length <= budget) {
      used += pieces.get(pieces.size() - 1 - kept).length;
      kept++;
    }
    int clipped = 0;
    if (kept == 0 && turns > 0) {
      Clipped latest = clip(messages.get(messages.size() - 1), budget - used, true);
      pieces.set(pieces.size() - 1, latest.ids());
      used += latest.ids().length;
      clipped += latest.cut();
      kept = 1;
    }
    List<int[]> fitted = new ArrayList<>(pieces.subList(0, fixed));
    fitted.addAll(pieces.subList(pieces.size() - kept, pieces.size()));
    if (used > budget) {
      int promptIndex = fixed - 1;
      int others = used - fitted.get(promptIndex).length;
      Clipped prompt = clip(messages.get(promptIndex), budget - others, false);
      fitted.set(promptIndex, prompt.ids());
      used = others + prompt.ids().length;
      clipped += prompt.cut();
      if (used > budget) {
        throw new IllegalArgumentException("token budget " + budget + " cannot hold even the chat markup of "
            + "this transcript (" + used + " tokens)");
      }
    }
    return join(fitted, turns - kept, clipped);
  }

  /** A message cut to fit, and how many of its content's tokens were cut. */
  private record Clipped(int[] ids, int cut) {}

  /**
   * The message in at most {@code room} tokens if its markup fits: its header, as many of its content's ids as
   * fit, from the end or from the beginning, and its footer.
   */
  private Clipped clip(ChatTemplate.Message message, int room, boolean keepEnd) {
    int[] header = ids(message.header());
    int[] content = ids(message.content());
    int[] footer = ids(ChatTemplate.Message.footer());
    int keep = Math.max(0, Math.min(content.length, room - header.length - footer.length));
    int from = keepEnd ? content.length - keep : 0;
    int[] out = new int[header.length + keep + footer.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(content, from, out, header.length, keep);
    System.arraycopy(footer, 0, out, header.length + keep, footer.length);
    return new Clipped(out, content.length - keep);
  }

  private static TokenizedTranscript join(List<int[]> pieces, int dropped, int clipped) {
    int[] ids = new int[pieces.stream().mapToInt(p -> p.length).sum()];
    int[] ends = new int[pieces.size()];
    int at = 0;
    for (int i = 0; i < pieces.size(); i++) {
      System.arraycopy(pieces.get(i), 0, ids, at, pieces.get(i).length);
      at += pieces.get(i).length;
      ends[i] = at;
    }
    return new TokenizedTranscript(ids, ends, dropped, clipped);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
