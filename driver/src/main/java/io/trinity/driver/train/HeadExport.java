package io.trinity.driver.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.config.EncoderSection;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.io.RunDirectory;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.head.ParameterLayout;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Exports a trained candidate for serving: {@code head.safetensors} holds its named blocks as float32 (the linear
 * head's {@code head.weight} [models + 3, d], or the low-rank head's four blocks, then any {@code svf.*} scales);
 * {@code head.json} says what its rows and columns mean, which encoder it reads, and how it was trained.
 */
final class HeadExport {
  static final String WEIGHTS = "head.safetensors";
  static final String DESCRIPTION = "head.json";

  private HeadExport() {}

  static void write(RunDirectory run, float[] head, CandidateLayout candidates, List<String> models,
      TrainingConfig config, List<GenerationMetrics> metrics, double sigma, Checkpoint.ValidatedHead selected) {
    HeadShape shape = candidates.shape();
    Map<String, Safetensors.Tensor> tensors = candidates.layout().tensors(head);
    run.write(WEIGHTS, out -> Safetensors.write(tensors, Map.of("format", "trinity-head/1"), out));

    ObjectNode json = TrainingJob.JSON.createObjectNode();
    json.put("format", "trinity-head/1");
    json.put("weights", WEIGHTS);
    json.putPOJO("models", models);
    json.putPOJO("roles", List.of(Role.THINKER.title(), Role.WORKER.title(), Role.VERIFIER.title()));
    EncoderSection section = config.encoder();
    ObjectNode encoder = json.putObject("encoder");
    encoder.put("type", section.type());
    encoder.put("dimension", shape.dimension());
    if (section.isQwen3()) {
      encoder.put("model", section.model());
      encoder.put("compute_type", section.computeType());
      encoder.put("token_budget", section.tokenBudget());
      encoder.putPOJO("svf", section.svf());
    } else {
      encoder.putPOJO("features", section.features());
    }
    ObjectNode headNode = json.putObject("head");
    headNode.put("type", candidates.headType());
    if (candidates.headType().equals(EncoderSection.LINEAR)) {
      headNode.put("tensor", LinearHead.WEIGHT);
      headNode.putArray("shape").add(shape.outputs()).add(shape.dimension());
    }
    ArrayNode blocks = headNode.putArray("blocks");
    for (ParameterLayout.Block block : candidates.layout().blocks()) {
      ArrayNode dims = blocks.addObject().put("name", block.name()).putArray("shape");
      for (long dim : block.shape()) {
        dims.add(dim);
      }
    }
    headNode.put("layout", "logits: rows 0..L-1 are model logits in 'models' order, rows L..L+2 role logits in "
        + "'roles' order; decision = argmax of each group. svf.<tensor> blocks scale that tensor's singular values"
        + " (largest first) in the encoder");
    ObjectNode training = json.putObject("training");
    training.put("generations", metrics.isEmpty() ? 0 : metrics.get(metrics.size() - 1).generation() + 1);
    training.put("seed", config.run().seed());
    training.put("queries_per_generation", config.run().queriesPerGeneration());
    training.put("max_turns", config.episode().maxTurns());
    training.put("final_sigma", sigma);
    training.put("head", selected == null ? "the optimiser's final mean"
        : "the optimiser's mean after generation " + (selected.generation() + 1) + ", best on validation");
    if (selected != null) {
      training.put("validation_score", selected.score());
    }
    if (!metrics.isEmpty()) {
      GenerationMetrics last = metrics.get(metrics.size() - 1);
      training.put("last_best_fitness", last.bestFitness());
      training.put("last_mean_fitness", last.meanFitness());
      training.put("llm_calls", last.totalLlmCalls());
      training.put("cost_usd", last.totalCostUsd());
    }
    try {
      run.writeString(DESCRIPTION, TrainingJob.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
