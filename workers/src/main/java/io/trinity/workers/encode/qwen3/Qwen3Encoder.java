package io.trinity.workers.encode.qwen3;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.transcript.Transcript;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's encoder with a Qwen3 small model: the final-normed hidden state of the penultimate token of
 * the chat-formatted transcript (see {@link ChatTemplate}).
 *
 * <p>One instance per executor JVM, shared by all episodes: the weights and tokenizer load on the first encode.
 * Encodes of concurrent episodes are batched: a caller that finds a forward running queues its transcripts, and
 * the next forward takes everything queued (up to {@code maxBatch} sequences). A prefix cache keeps the KV cache
 * of every encoded transcript, so the next turn of an episode runs only its new tokens, and candidates that share
 * a task share its first-turn encoding.
 */
public final class Qwen3Encoder implements Encoder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Qwen3Encoder.class);

  private final Path directory;
  private final Device device;
  private final DataType computeType;
  private final int tokenBudget;
  private final long cacheBytes;
  private final int maxBatch;
  private final List<String> svfTargets;
  private final ChatTemplate template;
  private final Qwen3Config config;

  private final Object gate = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean busy;
  private volatile Loaded loaded;
  private long truncations;
  /** Guarded by {@link #gate}: transcripts asked for, and model forwards run for them. */
  private long encodes;
  private long forwards;

  private record Loaded(Qwen3Model model, TranscriptTokenizer tokenizer, PrefixCache cache) {}

  /**
   * Token ids to encode with a candidate's SVF scales (null without SVF); {@code ends} are the positions where a
   * cached prefix may end.
   */
  private record Request(int[] ids, float[] scales, int[] ends, int droppedTurns, int clippedTokens) {}

  /** Requests of one caller, answered together. */
  private static final class Pending {
    final List<Request> requests;
    List<Encoding> result;
    RuntimeException failure;

    Pending(List<Request> requests) {
      this.requests = requests;
    }

    boolean done() {
      return result != null || failure != null;
    }
  }

  private Qwen3Encoder(Builder builder) {
    this.directory = builder.directory;
    this.device = builder.device;
    this.computeType = builder.computeType;
    this.tokenBudget = builder.tokenBudget;
    this.cacheBytes = builder.cacheBytes;
    this.maxBatch = builder.maxBatch;
    this.svfTargets = List.copyOf(builder.svfTargets);
    this.template = new ChatTemplate(builder.systemPrompt);
    this.config = Qwen3Checkpoint.readConfig(directory);
  }

  /** An encoder for the Hugging Face Qwen3 snapshot in {@code modelDirectory}; config.json is read at once. */
  public static Builder builder(Path modelDirectory) {
    return new Builder(modelDirectory);
  }

  @Override
  public int dimension() {
    return config.hiddenSize();
  }

  @Override
  public String name() {
    return "qwen3-" + directory.getFileName();
  }

  public Qwen3Config config() {
    return config;
  }

  @Override
  public float[] encode(Transcript transcript) {
    return encodeAll(List.of(transcript)).get(0).hidden();
  }

  @Override
  public float[][] encodeBatch(List<Transcript> transcripts) {
    return encodeAll(transcripts).stream().map(Encoding::hidden).toArray(float[][]::new);
  }

  /** Encodes the transcripts with the token counts and what the budget cut. */
  public List<Encoding> encodeAll(List<Transcript> transcripts) {
    return encodeAll(transcripts, null);
  }

  /** The SVF targets ({@link Builder#svf}) in the order of their blocks in a scale vector. */
  @Override
  public List<String> svfTargets() {
    return svfTargets;
  }

  /** The length of a candidate's SVF scale vector z: the singular values of all targets (loads the model). */
  public int svfParameterCount() {
    return loaded().model().svfParameterCount();
  }

  /**
   * This encoder as a candidate with SVF scales z sees it: the targets' weights act as U diag(z * s) V^T. Shares
   * the model, batching and cache (keyed by the scales too) with every other view. Wraps {@code scales} without
   * copying.
   */
  @Override
  public Encoder withSvfScales(float[] scales) {
    if (svfTargets.isEmpty()) {
      throw new IllegalStateException("this encoder has no SVF targets; configure them with Builder.svf");
    }
    int expected = svfParameterCount();
    if (scales.length != expected) {
      throw new IllegalArgumentException("SVF scales have " + scales.length + " values, the targets " + svfTargets
          + " need " + expected);
    }
    float[] z = scales;
    Qwen3Encoder shared = this;
    return new Encoder() {
      @Override
      public int dimension() {
        return shared.dimension();
      }

      @Override
      public String name() {
        return shared.name() + "-svf";
      }

      @Override
      public float[] encode(Transcript transcript) {
        return shared.encodeAll(List.of(transcript), z).get(0).hidden();
      }

      @Override
      public float[][] encodeBatch(List<Transcript> transcripts) {
        return shared.encodeAll(transcripts, z).stream().map(Encoding::hidden).toArray(float[][]::new);
      }
    };
  }

  private List<Encoding> encodeAll(List<Transcript> transcripts, float[] scales) {
    TranscriptTokenizer tokenizer = loaded().tokenizer();
    List<Request> requests = new ArrayList<>(transcripts.size());
    for (Transcript transcript : transcripts) {
      TokenizedTranscript tokens = tokenizer.tokenize(transcript);
      if (tokens.truncated()) {
        noteTruncation(tokens);
      }
      requests.add(new Request(tokens.ids(), scales, tokens.messageEnds(), tokens.droppedTurns(),
          tokens.clippedTokens()));
    }
    return submit(requests);
  }

  /** Encodes token ids as given (no chat template, no budget); at least two are needed. */
  public Encoding encodeTokens(int[] ids) {
    if (ids.length < 2) {
      throw new IllegalArgumentException("need at least 2 token ids for the penultimate token, got " + ids.length);
    }
    for (int id : ids) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, " + config.vocabSize()
            + ")");
      }
    }
    loaded();
    return submit(List.of(new Request(ids.clone(), null, new int[] {ids.length}, 0, 0))).get(0);
  }

  /** The chat-formatted, budgeted token ids of a transcript, as the encoder runs them. */
  public TokenizedTranscript tokenize(Transcript transcript) {
    return loaded().tokenizer().tokenize(transcript);
  }

  /** How many transcripts so far were cut to fit the token budget. */
  public long truncations() {
    synchronized (gate) {
      return truncations;
    }
  }

  /**
   * Transcripts (and token sequences) encoded so far. Fewer {@link #forwards()} than encodes means that concurrent
   * callers were batched or served from the prefix cache.
   */
  public long encodes() {
    synchronized (gate) {
      return encodes;
    }
  }

  /** Model forwards run so far; one forward runs up to {@code maxBatch} sequences. */
  public long forwards() {
    synchronized (gate) {
      return forwards;
    }
  }

  private void noteTruncation(TokenizedTranscript tokens) {
    long count;
    synchronized (gate) {
      count = ++truncations;
    }
    LOG.info("transcript over the token budget of {}: dropped {} oldest turns and {} tokens inside messages "
        + "({} truncations so far)", tokenBudget, tokens.droppedTurns(), tokens.clippedTokens(), count);
  }

  private Loaded loaded() {
    Loaded current = loaded;
    if (current == null) {
      synchronized (this) {
        current = loaded;
        if (current == null) {
          long start = System.nanoTime();
          Qwen3Checkpoint checkpoint = Qwen3Checkpoint.open(directory);
          TranscriptTokenizer tokenizer = TranscriptTokenizer.load(directory.resolve(Qwen3Checkpoint.TOKENIZER_FILE),
              template, tokenBudget);
          Qwen3Model model;
          try {
            model = Qwen3Model.load(checkpoint, device, computeType, svfTargets);
          } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
          }
          current = new Loaded(model, tokenizer, new PrefixCache(cacheBytes));
          loaded = current;
          LOG.info("loaded {} ({} layers, hidden {}) on {} as {} in {} ms", directory, config.numLayers(),
              config.hiddenSize(), device, computeType, (System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    return current;
  }

  /** Queues the requests; whoever finds no forward running runs everything queued, in batches. */
  private List<Encoding> submit(List<Request> requests) {
    Pending pending = new Pending(requests);
    synchronized (gate) {
      queue.add(pending);
      encodes += requests.size();
    }
    while (true) {
      List<Pending> batch = new ArrayList<>();
      synchronized (gate) {
        while (busy && !pending.done()) {
          try {
            gate.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.remove(pending);
            throw new IllegalStateException("interrupted while waiting for the encoder", e);
          }
        }
        if (pending.done()) {
          if (pending.failure != null) {
            throw pending.failure;
          }
          return pending.result;
        }
        busy = true;
        int sequences = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || sequences + queue.peek().requests.size() <= maxBatch)) {
          Pending next = queue.poll();
          batch.add(next);
          sequences += next.requests.size();
        }
      }
      try {
        run(batch);
      } finally {
        synchronized (gate) {
          busy = false;
          gate.notifyAll();
        }
      }
    }
  }

  /** Runs the queued requests; called by one thread at a time, so the prefix cache needs no further locking. */
  private void run(List<Pending> batch) {
    List<Request> requests = new ArrayList<>();
    batch.forEach(p -> requests.addAll(p.requests));
    Encoding[] encodings;
    try {
      encodings = encode(requests);
    } catch (RuntimeException e) {
      batch.forEach(p -> p.failure = e);
      return;
    }
    int at = 0;
    for (Pending pending : batch) {
      pending.result = List.of(Arrays.copyOfRange(encodings, at, at + pending.requests.size()));
      at += pending.requests.size();
    }
  }

  private Encoding[] encode(List<Request> requests) {
    Loaded state = loaded();
    Encoding[] encodings = new Encoding[requests.size()];
    // identical sequences in one batch (candidates on the same task) are run once
    Map<PrefixCache.Key, List<Integer>> toRun = new HashMap<>();
    List<PrefixCache.Key> order = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      Request request = requests.get(i);
      PrefixCache.Entry hit = state.cache().longest(request.ids(), request.scales(), request.ends());
      if (hit != null && hit.cache().length() == request.ids().length) {
        encodings[i] = encoding(request, hit.hidden(), request.ids().length);
        continue;
      }
      PrefixCache.Key key = new PrefixCache.Key(request.ids(), request.scales());
      if (toRun.computeIfAbsent(key, k -> new ArrayList<>()).isEmpty()) {
        order.add(key);
      }
      toRun.get(key).add(i);
    }
    for (int from = 0; from < order.size(); from += maxBatch) {
      List<PrefixCache.Key> chunk = order.subList(from, Math.min(order.size(), from + maxBatch));
      List<Qwen3Model.Step> steps = new ArrayList<>(chunk.size());
      for (PrefixCache.Key key : chunk) {
        Request request = requests.get(toRun.get(key).get(0));
        steps.add(step(state.cache(), request));
      }
      List<Qwen3Model.Result> results = state.model().forward(steps);
      synchronized (gate) {
        forwards++;
      }
      for (int s = 0; s < chunk.size(); s++) {
        Qwen3Model.Result result = results.get(s);
        int reused = steps.get(s).past().length();
        for (int index : toRun.get(chunk.get(s))) {
          encodings[index] = encoding(requests.get(index), result.hidden(), reused);
        }
        state.cache().put(chunk.get(s), new PrefixCache.Entry(result.cache(), result.hidden()));
      }
    }
    return encodings;
  }

  /** Continues the longest cached prefix that leaves at least the two last tokens to run. */
  private static Qwen3Model.Step step(PrefixCache cache, Request request) {
    int[] ids = request.ids();
    int[] ends = Arrays.stream(request.ends()).filter(end -> end <= ids.length - 2).toArray();
    PrefixCache.Entry hit = cache.longest(ids, request.scales(), ends);
    KvCache past = hit == null ? KvCache.empty() : hit.cache();
    int[] fresh = Arrays.copyOfRange(ids, past.length(), ids.length);
    return new Qwen3Model.Step(past, fresh, fresh.length - 2, request.scales());
  }

  private static Encoding encoding(Request request, float[] hidden, int reused) {
    return new Encoding(hidden.clone(), request.ids().length, reused, request.droppedTurns(),
        request.clippedTokens());
  }

  /** Frees the weights and caches; the encoder must not be used afterwards. */
  @Override
  public void close() {
    synchronized (this) {
      Loaded current = loaded;
      loaded = null;
      if (current != null) {
        current.cache().close();
        current.tokenizer().close();
        current.model().close();
      }
    }
  }

  public static final class Builder {
    private final Path directory;
    private Device device = Device.cpu();
    private DataType computeType = DataType.FLOAT32;
    private int tokenBudget = 4096;
    private long cacheBytes = 1L << 30;
    private int maxBatch = 16;
    private String systemPrompt;
    private List<String> svfTargets = List.of();

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "model directory");
    }

    /** Where the model runs; default the CPU. */
    public Builder device(Device device) {
      this.device = Objects.requireNonNull(device);
      return this;
    }

    /** The dtype weights and activations use: float32 (default; use it on CPU), float16 or bfloat16. */
    public Builder computeType(DataType computeType) {
      this.computeType = Objects.requireNonNull(computeType);
      return this;
    }

    /** The most tokens a transcript may have after chat formatting; longer ones lose their oldest turns. */
    public Builder tokenBudget(int tokenBudget) {
      if (tokenBudget < 16) {
        throw new IllegalArgumentException("token budget must be at least 16, got " + tokenBudget);
      }
      this.tokenBudget = tokenBudget;
      return this;
    }

    /** Memory for the KV caches of encoded transcripts; 0 turns incremental encoding off. Default 1 GiB. */
    public Builder cacheBytes(long cacheBytes) {
      if (cacheBytes < 0) {
        throw new IllegalArgumentException("cache bytes must not be negative, got " + cacheBytes);
      }
      this.cacheBytes = cacheBytes;
      return this;
    }

    /** The most sequences one forward runs. Default 16. */
    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
      }
      this.maxBatch = maxBatch;
      return this;
    }

    /** A system message placed before the prompt; default none. */
    public Builder systemPrompt(String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    /**
     * Projections to factor for SVF, by Hugging Face tensor name (e.g. {@code model.layers.27.mlp.down_proj.weight});
     * candidates then encode through {@link #withSvfScales}. Default none.
     */
    public Builder svf(List<String> tensorNames) {
      this.svfTargets = List.copyOf(tensorNames);
      return this;
    }

    /** Reads config.json (so the dimension is known); weights and tokenizer load on the first encode. */
    public Qwen3Encoder build() {
      return new Qwen3Encoder(this);
    }
  }
}
