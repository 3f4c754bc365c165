package io.trinity.workers.encode.qwen3;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.trinity.workers.transcript.Transcript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenizes chat-formatted transcripts with the checkpoint's {@code tokenizer.json} (DJL's Hugging Face
 * tokenizers) and fits them into a token budget.
 *
 * <p>Each message's header, content and footer are tokenized on their own and concatenated, so a transcript's
 * ids always start with the ids of any shorter transcript of the same episode: that is what lets the encoder
 * continue a cached prefix exactly. The header and footer are special tokens and a newline, where Qwen's
 * pre-tokenizer splits anyway, so this matches tokenizing the rendered text except where a message starts with
 * white space.
 *
 * <p>Over budget, the oldest turns are dropped first; the system message, the query and the latest turn are kept.
 * If those alone are over budget, the latest turn keeps its end (where the answer or verdict is) and then the
 * query keeps its beginning.
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

  private record Piece(int[] header, int[] content, int[] footer) {
    int length() {
      return header.length + content.length + footer.length;
    }
  }

  public TokenizedTranscript tokenize(Transcript transcript) {
    List<ChatTemplate.Message> messages = template.messages(transcript);
    int[] footer = ids(ChatTemplate.Message.footer());
    List<Piece> pieces = new ArrayList<>(messages.size());
    int total = 0;
    for (ChatTemplate.Message message : messages) {
      Piece piece = new Piece(ids(message.header()), ids(message.content()), footer);
      pieces.add(piece);
      total += piece.length();
    }
    int turns = transcript.turns().size();
    int fixed = pieces.size() - turns;
    int dropped = 0;
    int clipped = 0;
    if (total > budget) {
      // keep the fixed messages and as many of the latest turns as fit
      int used = 0;
      for (int i = 0; i < fixed; i++) {
        used += pieces.get(i).length();
      }
      int kept = 0;
      while (kept < turns && used + pieces.get(pieces.size() - 1 - kept).length() <= budget) {
        used += pieces.get(pieces.size() - 1 - kept).length();
        kept++;
      }
      if (kept == 0 && turns > 0) {
        Piece latest = pieces.get(pieces.size() - 1);
        int room = Math.max(0, budget - used - latest.header().length - latest.footer().length);
        clipped += latest.content().length - room;
        pieces.set(pieces.size() - 1, new Piece(latest.header(),
            Arrays.copyOfRange(latest.content(), latest.content().length - room, latest.content().length),
            latest.footer()));
        used += latest.header().length + room + latest.footer().length;
        kept = 1;
      }
      dropped = turns - kept;
      List<Piece> fitted = new ArrayList<>(pieces.subList(0, fixed));
      fitted.addAll(pieces.subList(pieces.size() - kept, pieces.size()));
      pieces = fitted;
      if (used > budget) {
        int queryIndex = fixed - 1;
        Piece query = pieces.get(queryIndex);
        int cut = Math.min(query.content().length, used - budget);
        clipped += cut;
        pieces.set(queryIndex, new Piece(query.header(),
            Arrays.copyOf(query.content(), query.content().length - cut), query.footer()));
        used -= cut;
        if (used > budget) {
          throw new IllegalArgumentException("token budget " + budget + " cannot hold even the chat markup of "
              + "this transcript (" + used + " tokens)");
        }
      }
    }
    return join(pieces, dropped, clipped);
  }

  private static TokenizedTranscript join(List<Piece> pieces, int dropped, int clipped) {
    int length = pieces.stream().mapToInt(Piece::length).sum();
    int[] ids = new int[length];
    int[] ends = new int[pieces.size()];
    int at = 0;
    for (int i = 0; i < pieces.size(); i++) {
      Piece piece = pieces.get(i);
      for (int[] part : new int[][] {piece.header(), piece.content(), piece.footer()}) {
        System.arraycopy(part, 0, ids, at, part.length);
        at += part.length;
      }
      ends[i] = at;
    }
    return new TokenizedTranscript(ids, ends, dropped, clipped);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
