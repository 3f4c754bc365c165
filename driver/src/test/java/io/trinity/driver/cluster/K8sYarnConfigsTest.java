package io.trinity.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.gateway.pool.CacheSpec;
import io.trinity.gateway.pool.PoolConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of cluster-configs/yarn and cluster-configs/k8s without YARN, Docker or Kubernetes: the
 * manifests parse with the kinds they should have and agree with each other and with the training config, every
 * file the scripts and the Dockerfile name exists (or is the cluster jar the driver's pom builds), the training
 * configs load, and the scripts parse.
 */
class K8sYarnConfigsTest {
  private static final Path REPO = TrainingFixtures.repoFile("cluster-configs").getParent();
  private static final Path K8S = REPO.resolve("cluster-configs/k8s");
  private static final Path YARN = REPO.resolve("cluster-configs/yarn");
  private static final YAMLMapper YAML = new YAMLMapper();
  // Manifests and their kinds in order; the other YAML files there are the training config and its pool.
  private static final Map<String, List<String>> KINDS = Map.of(
      "redis.yaml", List.of("Deployment", "Service"),
      "gateway-service.yaml", List.of("Service"),
      "rbac.yaml", List.of("ServiceAccount", "Role", "RoleBinding"),
      "secret.example.yaml", List.of("Secret"),
      "driver-pod-template.yaml", List.of("Pod"),
      "executor-pod-template.yaml", List.of("Pod"));
  private static final Set<String> CONFIGS = Set.of("train-sim.yaml", "pool-sim-4-redis.yaml");

  @Test
  void everyKubernetesYamlParsesWithTheExpectedKindsInTheTrinityNamespace() throws IOException {
    Set<String> seen = new TreeSet<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String name = file.getFileName().toString();
        seen.add(name);
        if (CONFIGS.contains(name)) {
          continue;
        }
        List<JsonNode> docs = documents(file);
        assertEquals(KINDS.get(name), docs.stream().map(d -> d.path("kind").asText(null)).toList(), name);
        for (JsonNode doc : docs) {
          assertFalse(doc.path("apiVersion").asText().isEmpty(), name + ": apiVersion");
          if (!doc.path("kind").asText().equals("Pod")) {
            assertEquals("trinity", doc.path("metadata").path("namespace").asText(), name + ": namespace");
          }
        }
      }
    }
    Set<String> expected = new TreeSet<>(KINDS.keySet());
    expected.addAll(CONFIGS);
    assertEquals(expected, seen, "every YAML in cluster-configs/k8s is checked");
  }

  @Test
  void theManifestsAgreeWithTheTrainingConfigAndItsPool() throws IOException {
    TrainingConfig config = ConfigLoader.load(K8S.resolve("train-sim.yaml"));
    JsonNode service = documents(K8S.resolve("gateway-service.yaml")).get(0);
    JsonNode driverLabels = documents(K8S.resolve("driver-pod-template.yaml")).get(0).path("metadata").path("labels");
    service.path("spec").path("selector").fields().forEachRemaining(label ->
        assertEquals(label.getValue().asText(), driverLabels.path(label.getKey()).asText(null),
            "the gateway Service selects the driver pod by label " + label.getKey()));
    assertEquals(config.gateway().port(), service.path("spec").path("ports").get(0).path("targetPort").asInt());
    assertEquals("trinity-driver-gateway.trinity.svc.cluster.local", config.gateway().advertiseHost());
    assertEquals(service.path("metadata").path("name").asText(), config.gateway().advertiseHost().split("\\.")[0]);
    assertEquals("0.0.0.0", config.gateway().bindHost());

    PoolConfig pool = PoolConfig.load(K8S.resolve(config.pool().file()));
    CacheSpec cache = pool.settings().cache();
    assertEquals(CacheSpec.Kind.REDIS, cache.kind());
    JsonNode redis = documents(K8S.resolve("redis.yaml")).get(1);
    assertEquals(redis.path("metadata").path("name").asText() + ".trinity.svc.cluster.local", cache.url().getHost());
    assertEquals(redis.path("spec").path("ports").get(0).path("port").asInt(), cache.url().getPort());

    JsonNode executor = documents(K8S.resolve("executor-pod-template.yaml")).get(0);
    assertEquals(1, executor.at("/spec/containers/0/resources/limits").path("nvidia.com/gpu").asInt());
    assertTrue(executor.at("/spec/nodeSelector").size() > 0 && executor.at("/spec/tolerations").size() > 0);

    // Every Secret key a script maps into the driver's environment is in the example Secret, and the Redis
    // password reaches the variable the pool file reads.
    JsonNode secretKeys = documents(K8S.resolve("secret.example.yaml")).get(0).path("stringData");
    Matcher ref = Pattern.compile("secretKeyRef\\.(\\w+)=trinity-secrets:([\\w-]+)").matcher(read(K8S.resolve(
        "submit-k8s.sh")));
    Set<String> envs = new TreeSet<>();
    while (ref.find()) {
      envs.add(ref.group(1));
      assertTrue(secretKeys.has(ref.group(2)), "secret.example.yaml has the key " + ref.group(2));
    }
    assertTrue(envs.contains(cache.passwordEnv()), envs + " holds " + cache.passwordEnv());
  }

  @Test
  void theDockerfileCopiesFilesOfTheRepositoryAndTheClusterJarThePomBuilds() throws IOException {
    String jar = clusterJarPattern();
    List<String> sources = new ArrayList<>();
    Set<String> destinations = new TreeSet<>();
    for (String line : read(K8S.resolve("Dockerfile")).split("\n")) {
      if (line.startsWith("COPY ") || line.startsWith("ADD ")) {
        List<String> words = List.of(line.trim().split("\\s+"));
        words.subList(1, words.size() - 1).stream().filter(w -> !w.startsWith("--")).forEach(sources::add);
        String destination = words.get(words.size() - 1);
        words.subList(1, words.size() - 1).forEach(source -> destinations.add(destination.endsWith("/")
            ? destination + Path.of(source).getFileName() : destination));
      }
    }
    assertTrue(sources.contains(jar), "the Dockerfile copies " + jar + ": " + sources);
    for (String source : sources) {
      assertTrue(source.equals(jar) || Files.isRegularFile(REPO.resolve(source)), "COPY source " + source);
    }
    assertTrue(read(K8S.resolve("Dockerfile")).contains("FROM apache/spark:3.5.7-scala2.12-java17-ubuntu"));

    // The image paths submit-k8s.sh names are files the Dockerfile puts there.
    Matcher image = Pattern.compile("(?:local://)?(/opt/trinity/[\\w./-]+)").matcher(read(K8S.resolve("submit-k8s.sh")));
    int named = 0;
    while (image.find()) {
      named++;
      assertTrue(destinations.contains(image.group(1)), image.group(1) + " is in the image: " + destinations);
    }
    assertTrue(named >= 3, "jar, config and discovery script");
  }

  @Test
  void everyFileTheScriptsNameExists() throws IOException {
    String jar = clusterJarPattern();
    for (Path script : scripts()) {
      String text = read(script);
      Matcher here = Pattern.compile("\\$here/([\\w.-]+)").matcher(text);
      while (here.find()) {
        assertTrue(Files.exists(script.resolveSibling(here.group(1))), script + " names " + here.group());
      }
      Matcher repo = Pattern.compile("\\$repo\"?/([\\w./*-]+)").matcher(text);
      while (repo.find()) {
        String path = repo.group(1);
        assertTrue(path.equals(jar) || Files.isRegularFile(REPO.resolve(path)), script + " names " + path);
      }
    }
  }

  @Test
  void theTrainingConfigsLoadWithTheirPools() {
    for (Path file : List.of(YARN.resolve("train-sim.yaml"), YARN.resolve("train-sim-external-gateway.yaml"),
        K8S.resolve("train-sim.yaml"))) {
      TrainingConfig config = ConfigLoader.load(file);
      Path pool = file.resolveSibling(config.pool().file());
      assertEquals(pool.getParent(), file.getParent(), "the pool travels beside the config (--files is flat)");
      assertEquals(4, PoolConfig.load(pool).modelNames().size(), file.toString());
    }
    assertEquals("TRINITY_GATEWAY_TOKEN",
        ConfigLoader.load(YARN.resolve("train-sim-external-gateway.yaml")).gateway().apiKeyEnv());
  }

  @Test
  void theScriptsParseWithBashMinusN() throws Exception {
    List<Path> scripts = scripts();
    assertEquals(3, scripts.size(), scripts.toString());
    for (Path script : scripts) {
      Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
      assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
      String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, bash.exitValue(), script + ": " + output);
      assertTrue(Files.isExecutable(script), script + " is executable");
    }
  }

  /** The cluster jar's path as a glob, from the driver's pom: target/ARTIFACT-VERSION-CLASSIFIER.jar. */
  private static String clusterJarPattern() throws IOException {
    String pom = read(REPO.resolve("driver/pom.xml"));
    Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([\\w.-]+)</artifactId>").matcher(pom);
    Matcher classifier = Pattern.compile("<shadedClassifierName>([\\w.-]+)</shadedClassifierName>").matcher(pom);
    assertTrue(artifact.find() && classifier.find(), "driver/pom.xml names its artifact and the shaded classifier");
    assertTrue(pom.contains("${project.build.finalName}-" + classifier.group(1) + ".jar"));
    String pattern = "driver/target/" + artifact.group(1) + "-*-" + classifier.group(1) + ".jar";
    assertTrue(FileSystems.getDefault().getPathMatcher("glob:" + pattern)
        .matches(Path.of("driver/target/" + artifact.group(1) + "-0.1.0-SNAPSHOT-" + classifier.group(1) + ".jar")));
    return pattern;
  }

  private static List<Path> scripts() throws IOException {
    List<Path> scripts = new ArrayList<>();
    for (Path dir : List.of(REPO.resolve("cluster-configs/gpu"), YARN, K8S)) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.toString().endsWith(".sh")).sorted().forEach(scripts::add);
      }
    }
    return scripts;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      return docs.readAll();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
