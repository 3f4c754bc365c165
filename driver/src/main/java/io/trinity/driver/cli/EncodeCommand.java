package io.trinity.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.workers.encode.qwen3.Encoding;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import io.trinity.workers.transcript.Transcript;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "encode", mixinStandardHelpOptions = true,
    description = "Print the Qwen3 encoder's representation of a text or of token ids as one JSON object "
        + "{\"tokens\": N, \"ids\": [...], \"hidden\": [...]}: the N token ids encoded and the final-normed hidden "
        + "state at position N-2.")
final class EncodeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "local Hugging Face Qwen3 snapshot directory")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--text", required = true,
        description = "a prompt, formatted with the Qwen chat template as the user's message")
    String text;

    @Option(names = "--token-ids", required = true, split = ",",
        description = "token ids used as given, without chat template")
    int[] tokenIds;
  }

  @Override
  public Integer call() throws Exception {
    try (Qwen3Encoder encoder = Qwen3Encoder.builder(model).build()) {
      Encoding encoding;
      int[] ids;
      if (input.text != null) {
        Transcript transcript = Transcript.of(input.text);
        encoding = encoder.encodeAll(List.of(transcript)).get(0);
        ids = encoder.tokenize(transcript).ids();
      } else {
        try {
          encoding = encoder.encodeTokens(input.tokenIds);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--token-ids: " + e.getMessage());
        }
        ids = input.tokenIds;
      }
      ObjectNode out = JSON.createObjectNode();
      out.put("tokens", encoding.tokens());
      ArrayNode idArray = out.putArray("ids");
      for (int id : ids) {
        idArray.add(id);
      }
      ArrayNode hidden = out.putArray("hidden");
      for (float value : encoding.hidden()) {
        hidden.add(value);
      }
      spec.commandLine().getOut().println(JSON.writeValueAsString(out));
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
