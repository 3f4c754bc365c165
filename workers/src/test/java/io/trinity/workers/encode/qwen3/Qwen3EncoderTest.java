package io.trinity.workers.encode.qwen3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.workers.encode.Encoder;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qwen3EncoderTest {
  private static final TinyQwen3 TINY = TinyQwen3.random(23);
  private static final ReferenceQwen3 REFERENCE = new ReferenceQwen3(TINY);

  @TempDir
  static Path dir;
  private static Qwen3Encoder encoder;

  @BeforeAll
  static void build() throws Exception {
    TINY.writeTo(dir, Safetensors.Dtype.BF16);
    encoder = Qwen3Encoder.builder(dir).systemPrompt("You coordinate a team of models.").build();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  static List<Transcript> episode(String query, int turns) {
    List<Transcript> states = new ArrayList<>();
    Transcript transcript = Transcript.of(query);
    states.add(transcript);
    Role[] roles = {Role.THINKER, Role.WORKER, Role.VERIFIER};
    for (int t = 0; t < turns; t++) {
      transcript = transcript.append(new Turn("model-" + (char) ('a' + t % 3), roles[t % 3],
          "Reply " + t + ": the answer to " + query + " is " + (17 * t + 3) + ".\nVerdict: REVISE"));
      states.add(transcript);
    }
    return states;
  }

  private static void assertClose(double[] expected, float[] actual, double tolerance, String what) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= tolerance, what + ": max abs diff " + worst);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    double[] wide = new double[expected.length];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = expected[i];
    }
    assertClose(wide, actual, 1e-4, what);
  }

  @Test
  void chatTemplateShowsRolesAndModels() {
    Transcript transcript = episode("What is 2+2?", 2).get(2);
    String text = new ChatTemplate(null).render(transcript);
    assertEquals("<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
        + "<|im_start|>assistant\n### Turn 1 | Thinker | model-a\n" + transcript.turns().get(0).reply() + "<|im_end|>\n"
        + "<|im_start|>assistant\n### Turn 2 | Worker | model-b\n" + transcript.turns().get(1).reply()
        + "<|im_end|>\n", text);
  }

  @Test
  void tokenizerLoadsOfflineAndLaterTurnsExtendEarlierTokens() {
    List<Transcript> states = episode("How many primes are below 30?", 3);
    int[] previous = null;
    for (Transcript state : states) {
      TokenizedTranscript tokens = encoder.tokenize(state);
      int[] ids = tokens.ids();
      assertEquals(TinyQwen3.IM_END, ids[ids.length - 2], "the penultimate token ends the last message");
      assertEquals(ids.length, tokens.messageEnds()[tokens.messageEnds().length - 1]);
      assertEquals(2 + state.turns().size(), tokens.messageEnds().length);
      if (previous != null) {
        assertArrayEquals(previous, Arrays.copyOf(ids, previous.length));
      }
      previous = ids;
    }
    // the tokenizer adds nothing and truncates nothing by itself (DJL defaults to 512 tokens otherwise)
    TranscriptTokenizer tokenizer = TranscriptTokenizer.load(dir.resolve("tokenizer.json"), new ChatTemplate(null),
        100_000);
    String text = "x y ".repeat(400);
    assertEquals(text.length(), tokenizer.ids(text).length);
    int er = 258;
    assertArrayEquals(new int[] {TinyQwen3.IM_START, 'u', 's', er, '\n'},
        tokenizer.ids("<|im_start|>user\n"));
    tokenizer.close();
  }

  @Test
  void encodeEqualsTheReferenceOnTheFormattedTranscript() {
    for (Transcript state : episode("Name the capital of France.", 2)) {
      int[] ids = encoder.tokenize(state).ids();
      float[] hidden = encoder.encode(state);
      assertEquals(TinyQwen3.HIDDEN, hidden.length);
      assertClose(REFERENCE.hiddenAt(ids, ids.length - 2), hidden, 1e-4, state.turns().size() + " turns");
    }
  }

  @Test
  void incrementalEncodingEqualsFullRecomputation() {
    try (Qwen3Encoder full = Qwen3Encoder.builder(dir).systemPrompt("You coordinate a team of models.")
        .cacheBytes(0).build()) {
      List<Transcript> states = episode("Sort 5, 3, 9 in increasing order.", 5);
      for (int t = 0; t < states.size(); t++) {
        Encoding incremental = encoder.encodeAll(List.of(states.get(t))).get(0);
        Encoding recomputed = full.encodeAll(List.of(states.get(t))).get(0);
        assertClose(recomputed.hidden(), incremental.hidden(), "turn " + t);
        assertEquals(0, recomputed.reusedTokens());
        assertEquals(recomputed.tokens(), incremental.tokens());
        if (t > 0) {
          // only the new turn ran: everything before it came from the cache
          int before = encoder.tokenize(states.get(t - 1)).ids().length;
          assertEquals(before, incremental.reusedTokens(), "turn " + t);
        }
      }
      // asking again for a transcript already encoded runs nothing
      Encoding again = encoder.encodeAll(List.of(states.get(2))).get(0);
      assertEquals(again.tokens(), again.reusedTokens());
    }
  }

  @Test
  void batchedEncodingEqualsOneByOne() {
    List<Transcript> transcripts = new ArrayList<>();
    transcripts.addAll(episode("Is 91 prime?", 3));
    transcripts.addAll(episode("Spell 'cat' backwards.", 1));
    transcripts.add(transcripts.get(1));
    try (Qwen3Encoder batched = Qwen3Encoder.builder(dir).maxBatch(4).build();
        Qwen3Encoder single = Qwen3Encoder.builder(dir).cacheBytes(0).build()) {
      float[][] all = batched.encodeBatch(transcripts);
      for (int i = 0; i < transcripts.size(); i++) {
        assertClose(single.encode(transcripts.get(i)), all[i], "transcript " + i);
      }
    }
  }

  @Test
  void concurrentEpisodesGetTheirOwnEncodings() throws Exception {
    List<List<Transcript>> episodes = new ArrayList<>();
    for (int e = 0; e < 6; e++) {
      episodes.add(episode("Question number " + e + ": what is " + e + " squared?", 3));
    }
    try (Qwen3Encoder shared = Qwen3Encoder.builder(dir).maxBatch(3).build();
        Qwen3Encoder single = Qwen3Encoder.builder(dir).cacheBytes(0).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<float[][]>> futures = new ArrayList<>();
      for (List<Transcript> states : episodes) {
        futures.add(pool.submit(() -> states.stream().map(shared::encode).toArray(float[][]::new)));
      }
      for (int e = 0; e < episodes.size(); e++) {
        float[][] got = futures.get(e).get();
        for (int t = 0; t < got.length; t++) {
          assertClose(single.encode(episodes.get(e).get(t)), got[t], "episode " + e + " turn " + t);
        }
      }
      pool.shutdown();
    }
  }

  @Test
  void overBudgetTranscriptsKeepTheQueryAndTheLatestTurns() {
    List<Transcript> states = episode("Which planet is largest?", 5);
    Transcript last = states.get(5);
    try (Qwen3Encoder unlimited = Qwen3Encoder.builder(dir).build()) {
      int[] whole = unlimited.tokenize(last).ids();
      int[] withTwoTurns = unlimited.tokenize(states.get(2)).ids();
      int turnLength = withTwoTurns.length - unlimited.tokenize(states.get(1)).ids().length;
      int budget = whole.length - turnLength - 3;
      try (Qwen3Encoder limited = Qwen3Encoder.builder(dir).tokenBudget(budget).build()) {
        TokenizedTranscript tokens = limited.tokenize(last);
        assertTrue(tokens.ids().length <= budget);
        assertEquals(2, tokens.droppedTurns());
        assertEquals(0, tokens.clippedTokens());
        String text = decode(tokens.ids());
        assertTrue(text.startsWith("<|im_start|>user\nWhich planet is largest?<|im_end|>\n"), text);
        assertFalse(text.contains("### Turn 2 |"), text);
        assertTrue(text.contains("### Turn 3 |") && text.contains("### Turn 5 |"), text);
        Encoding encoding = limited.encodeAll(List.of(last)).get(0);
        assertTrue(encoding.truncated());
        assertEquals(1, limited.truncations());
        assertClose(REFERENCE.hiddenAt(tokens.ids(), tokens.ids().length - 2), encoding.hidden(), 1e-4, "budgeted");
      }
      // a budget below query plus latest turn clips the latest turn from its start, keeping its end
      int tightBudget = unlimited.tokenize(states.get(0)).ids().length + 30;
      try (Qwen3Encoder tight = Qwen3Encoder.builder(dir).tokenBudget(tightBudget).build()) {
        TokenizedTranscript tokens = tight.tokenize(last);
        assertEquals(tightBudget, tokens.ids().length);
        assertEquals(4, tokens.droppedTurns());
        assertTrue(tokens.clippedTokens() > 0);
        String text = decode(tokens.ids());
        assertTrue(text.startsWith("<|im_start|>user\nWhich planet is largest?<|im_end|>\n"), text);
        assertTrue(text.endsWith("Verdict: REVISE<|im_end|>\n"), text);
      }
    }
  }

  @Test
  void svfViewsShareTheModelAndKeepTheirScalesApart() {
    String system = "You coordinate a team of models.";
    List<String> targets = List.of(Qwen3Checkpoint.Names.layer(1, Qwen3Checkpoint.Names.DOWN_PROJ));
    try (Qwen3Encoder svf = Qwen3Encoder.builder(dir).systemPrompt(system).svf(targets).build();
        Qwen3Encoder svfFull = Qwen3Encoder.builder(dir).systemPrompt(system).svf(targets).cacheBytes(0).build()) {
      assertEquals(targets, svf.svfTargets());
      assertEquals(TinyQwen3.HIDDEN, svf.svfParameterCount());
      float[] ones = new float[TinyQwen3.HIDDEN];
      Arrays.fill(ones, 1f);
      float[] other = new float[TinyQwen3.HIDDEN];
      for (int i = 0; i < other.length; i++) {
        other[i] = 0.5f + (i % 7) * 0.2f;
      }
      Encoder unit = svf.withSvfScales(ones);
      Encoder changed = svf.withSvfScales(other);
      Encoder changedFull = svfFull.withSvfScales(other);
      for (Transcript state : episode("Add 12 and 30.", 3)) {
        float[] plain = encoder.encode(state);
        assertClose(plain, unit.encode(state), "z = 1");
        float[] scaled = changed.encode(state);
        assertClose(changedFull.encode(state), scaled, "incremental with SVF");
        double diff = 0;
        for (int i = 0; i < plain.length; i++) {
          diff = Math.max(diff, Math.abs(plain[i] - scaled[i]));
        }
        assertTrue(diff > 1e-3, "other scales give another representation: " + diff);
      }
      assertThrows(IllegalArgumentException.class, () -> svf.withSvfScales(new float[3]));
    }
  }

  @Test
  void tokenIdsAreEncodedAsGiven() {
    int[] ids = {5, 77, 120, 3, TinyQwen3.IM_END, 10};
    Encoding encoding = encoder.encodeTokens(ids);
    assertEquals(6, encoding.tokens());
    assertClose(REFERENCE.hiddenAt(ids, 4), encoding.hidden(), 1e-4, "token ids");
    String message = assertThrows(IllegalArgumentException.class, () -> encoder.encodeTokens(new int[] {1, 300}))
        .getMessage();
    assertTrue(message.contains("token id 300"), message);
  }

  /** The tiny tokenizer's ids back to text: bytes, the merged pairs and the special tokens. */
  private static String decode(int[] ids) {
    String[] merged = {"th", " t", "er", "in", " a"};
    StringBuilder text = new StringBuilder();
    for (int id : ids) {
      if (id < 256) {
        text.append((char) id);
      } else if (id < TinyQwen3.END_OF_TEXT) {
        text.append(merged[id - 256]);
      } else {
        text.append(new String[] {"<|endoftext|>", ChatTemplate.IM_START, ChatTemplate.IM_END}
            [id - TinyQwen3.END_OF_TEXT]);
      }
    }
    return text.toString();
  }
}
