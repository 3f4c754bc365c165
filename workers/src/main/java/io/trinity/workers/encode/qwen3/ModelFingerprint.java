package io.trinity.workers.encode.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * What identifies a Qwen3 snapshot, so that a head is never run on other weights than it was trained with: the
 * SHA-256 of {@code config.json}, of the weights and of {@code tokenizer.json}, and the model's name and revision
 * where the folder says them (a Hugging Face cache folder {@code models--Org--Name/snapshots/<revision>}).
 * Sharded weights hash as the SHA-256 of the lines {@code <shard file> <shard sha256>} in file-name order.
 *
 * @param name the Hugging Face repository ({@code Qwen/Qwen3-0.6B}) or else the folder's name
 * @param revision the snapshot's commit, null where the folder does not say
 */
public record ModelFingerprint(String name, String revision, String configSha256, String weightsSha256,
    String tokenizerSha256) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Hashes the snapshot's files (the weights are read once, at disk speed). */
  public static ModelFingerprint of(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    String revision = null;
    Path parent = dir.getParent();
    if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("snapshots")
        && parent.getParent() != null && parent.getParent().getFileName().toString().startsWith("models--")) {
      revision = name;
      name = parent.getParent().getFileName().toString().substring("models--".length()).replace("--", "/");
    }
    return new ModelFingerprint(name, revision, sha256(require(dir, Qwen3Checkpoint.CONFIG_FILE)), weightsSha256(dir),
        sha256(require(dir, Qwen3Checkpoint.TOKENIZER_FILE)));
  }

  private static String weightsSha256(Path dir) {
    Path single = dir.resolve(Qwen3Checkpoint.WEIGHTS_FILE);
    if (Files.isRegularFile(single)) {
      return sha256(single);
    }
    Path index = require(dir, Qwen3Checkpoint.INDEX_FILE);
    TreeSet<String> shards = new TreeSet<>();
    try {
      JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
      map.elements().forEachRemaining(shard -> shards.add(shard.asText()));
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + index + ": " + e.getMessage(), e);
    }
    StringBuilder lines = new StringBuilder();
    for (String shard : shards) {
      lines.append(shard).append(' ').append(sha256(require(dir, shard))).append('\n');
    }
    return HexFormat.of().formatHex(digest().digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static Path require(Path dir, String file) {
    Path path = dir.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new CheckpointException("model directory " + dir + " has no " + file);
    }
    return path;
  }

  private static String sha256(Path file) {
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
