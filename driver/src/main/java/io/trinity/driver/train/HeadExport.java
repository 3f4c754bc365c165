package io.trinity.driver.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.io.RunDirectory;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Exports a trained head for serving: {@code head.safetensors} holds {@code head.weight} as float32
 * [models + 3, d]; {@code head.json} says what its rows and columns mean and how it was trained.
 */
final class HeadExport {
  static final String WEIGHTS = "head.safetensors";
  static final String DESCRIPTION = "head.json";

  private HeadExport() {}

  static void write(RunDirectory run, float[] head, HeadShape shape, List<String> models, TrainingConfig config,
      List<GenerationMetrics> metrics, double sigma, Checkpoint.ValidatedHead selected) {
    Map<String, Safetensors.Tensor> tensors = Map.of("head.weight",
        new Safetensors.Tensor(new long[] {shape.outputs(), shape.dimension()}, head));
    run.write(WEIGHTS, out -> Safetensors.write(tensors, Map.of("format", "trinity-head/1"), out));

    ObjectNode json = TrainingJob.JSON.createObjectNode();
    json.put("format", "trinity-head/1");
    json.put("weights", WEIGHTS);
    json.putPOJO("models", models);
    json.putPOJO("roles", List.of(Role.THINKER.title(), Role.WORKER.title(), Role.VERIFIER.title()));
    ObjectNode encoder = json.putObject("encoder");
    encoder.put("type", config.encoder().type());
    encoder.put("dimension", shape.dimension());
    encoder.putPOJO("features", config.encoder().features());
    ObjectNode headNode = json.putObject("head");
    headNode.put("type", "linear");
    headNode.put("tensor", "head.weight");
    headNode.putArray("shape").add(shape.outputs()).add(shape.dimension());
    headNode.put("layout", "rows 0..L-1 are model logits in 'models' order, rows L..L+2 role logits in 'roles'"
        + " order; decision = argmax of each group");
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
