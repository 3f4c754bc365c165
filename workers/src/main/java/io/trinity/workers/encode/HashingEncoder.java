package io.trinity.workers.encode;

import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import io.trinity.workers.transcript.Verdicts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feature-hashing text encoder: the default when no small-model weights are configured, and the ablation for
 * "hidden states versus surface features". Up to three families of features (see {@link FeatureFamily}) are
 * hashed into the same d buckets with signed hashing, each family scaled to unit length so that none drowns
 * another however long the prompt is:
 * <ul>
 *   <li>words: unigrams and bigrams of the prompt's words (LaTeX commands, numbers, symbols and line breaks count
 *       as words); they tell tasks apart;
 *   <li>shapes: unigrams and bigrams of the words' shapes (a capitalised word, a number, a LaTeX command, a line
 *       break, ...); they carry what tasks of one kind share, such as lettered option lines or formulas;
 *   <li>state: the turn count, the roles and models seen, the latest role, model and verdict, and a constant
 *       feature that gives the head an intercept.
 * </ul>
 */
public final class HashingEncoder implements Encoder {
  private static final Pattern TOKEN = Pattern.compile("\\\\[A-Za-z]+|[A-Za-z]+|[0-9]+|\n|[^\\sA-Za-z0-9]");

  /** The hash this encoder uses, for exports: a changed hash is another encoder. */
  public static final String HASH = "fnv1a64-splitmix64";

  /** Memory for the prompt blocks of recent prompts, whatever the dimension. */
  private static final long PROMPT_CACHE_BYTES = 8L << 20;

  private final int dimension;
  private final Set<FeatureFamily> families;
  private final long seed;
  /**
   * The words and shapes blocks of recent prompts, by prompt. They depend on the prompt only, which every turn of an
   * episode re-reads; tokenising and hashing it was most of an encode. Least recently used first; guarded by itself.
   */
  private final Map<String, float[]> promptBlocks;

  /** An encoder with all three feature families and hash seed 0. */
  public HashingEncoder(int dimension) {
    this(dimension, EnumSet.allOf(FeatureFamily.class), 0);
  }

  /**
   * {@code seed} picks one of many hash functions of the same family, so that the buckets features collide in can
   * be varied between runs; 0 is the hash this encoder always used.
   */
  public HashingEncoder(int dimension, Set<FeatureFamily> families, long seed) {
    if (dimension < 8) {
      throw new IllegalArgumentException("hashing encoder dimension must be at least 8, got " + dimension);
    }
    if (families.isEmpty()) {
      throw new IllegalArgumentException("hashing encoder needs at least one feature family");
    }
    this.dimension = dimension;
    this.families = Collections.unmodifiableSet(EnumSet.copyOf(families));
    this.seed = seed;
    int capacity = (int) Math.max(64, PROMPT_CACHE_BYTES / (4L * dimension));
    this.promptBlocks = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > capacity;
      }
    };
  }

  public long seed() {
    return seed;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String name() {
    StringBuilder name = new StringBuilder("hashing-").append(dimension);
    if (families.size() < FeatureFamily.values().length) {
      families.forEach(f -> name.append('-').append(f.wireName()));
    }
    if (seed != 0) {
      name.append("-seed").append(seed);
    }
    return name.toString();
  }

  @Override
  public float[] encode(Transcript transcript) {
    // The same additions in the same order as without the cache, so h is bit for bit what it always was.
    float[] h = promptBlocks(transcript.prompt()).clone();
    if (families.contains(FeatureFamily.STATE)) {
      addBlock(h, stateFeatures(transcript));
    }
    return h;
  }

  /** The prompt's words block plus its shapes block, as the families ask; never changed once made. */
  private float[] promptBlocks(String prompt) {
    float[] blocks;
    synchronized (promptBlocks) {
      blocks = promptBlocks.get(prompt);
    }
    if (blocks != null) {
      return blocks;
    }
    blocks = new float[dimension];
    List<String> words = new ArrayList<>();
    List<String> shapes = new ArrayList<>();
    if (families.contains(FeatureFamily.WORDS) || families.contains(FeatureFamily.SHAPES)) {
      promptFeatures(prompt, words, shapes);
    }
    if (families.contains(FeatureFamily.WORDS)) {
      addBlock(blocks, words);
    }
    if (families.contains(FeatureFamily.SHAPES)) {
      addBlock(blocks, shapes);
    }
    synchronized (promptBlocks) {
      promptBlocks.put(prompt, blocks);
    }
    return blocks;
  }

  private static void promptFeatures(String prompt, List<String> words, List<String> shapes) {
    Matcher m = TOKEN.matcher(prompt);
    String previousWord = "<s>";
    String previousShape = "<s>";
    while (m.find()) {
      String token = m.group();
      String word = token.toLowerCase(Locale.ROOT);
      String shape = shape(token);
      words.add("w:" + word);
      words.add("b:" + previousWord + ' ' + word);
      shapes.add("s:" + shape);
      shapes.add("t:" + previousShape + ' ' + shape);
      previousWord = word;
      previousShape = shape;
    }
  }

  /** The token's shape: LaTeX command, number, capitalised, upper or lower case word, or the symbol itself. */
  private static String shape(String token) {
    char first = token.charAt(0);
    if (first == '\\' && token.length() > 1) {
      return "\\cmd";
    }
    if (Character.isDigit(first)) {
      return token.length() == 1 ? "9" : "99";
    }
    if (!Character.isLetter(first)) {
      return first == '\n' ? "<nl>" : token;
    }
    boolean upperFirst = Character.isUpperCase(first);
    if (token.length() == 1) {
      return upperFirst ? "A" : "a";
    }
    boolean restLower = token.substring(1).chars().allMatch(Character::isLowerCase);
    return upperFirst ? (restLower ? "Aa" : "AA") : "aa";
  }

  private static List<String> stateFeatures(Transcript transcript) {
    List<String> features = new ArrayList<>();
    List<Turn> turns = transcript.turns();
    features.add("bias");
    features.add("turns=" + turns.size());
    for (Turn turn : turns) {
      features.add("seen-role=" + turn.role());
      features.add("seen-model=" + turn.model());
    }
    if (!turns.isEmpty()) {
      Turn last = turns.get(turns.size() - 1);
      features.add("last-role=" + last.role());
      features.add("last-model=" + last.model());
      features.add("last=" + last.model() + '/' + last.role());
      if (last.role() == Role.VERIFIER) {
        features.add("last-verdict=" + (Verdicts.isAccept(last.reply()) ? "accept" : "revise"));
      }
    }
    return features;
  }

  /** Adds the features' signed counts, log-damped, as one block of unit length. */
  private void addBlock(float[] h, List<String> features) {
    if (features.isEmpty()) {
      return;
    }
    Map<Integer, Double> block = new HashMap<>();
    for (String feature : features) {
      long hash = hash64(feature, seed);
      int bucket = (int) Long.remainderUnsigned(hash, dimension);
      double sign = (hash >>> 63) == 0 ? 1.0 : -1.0;
      block.merge(bucket, sign, Double::sum);
    }
    double norm = 0;
    for (var e : block.entrySet()) {
      double v = e.getValue();
      double damped = Math.signum(v) * Math.log1p(Math.abs(v));
      e.setValue(damped);
      norm += damped * damped;
    }
    if (norm == 0) {
      return;
    }
    double scale = 1.0 / Math.sqrt(norm);
    for (var e : block.entrySet()) {
      h[e.getKey()] += (float) (e.getValue() * scale);
    }
  }

  /**
   * FNV-1a over UTF-8 followed by a SplitMix64 finaliser, so the hash is stable across JVMs and runs; the seed
   * shifts FNV's offset basis.
   */
  static long hash64(String feature, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
