package io.trinity.driver.notebooks;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A notebook as nbconvert executed it: its cells with their outputs, and what nbconvert printed. */
record ExecutedNotebook(Path source, JsonNode notebook, String log) {

  /** One cell's index in the notebook (as Jupyter shows it, from 0), source and outputs. */
  record Cell(int index, String source, JsonNode outputs) {
    String firstLine() {
      return source.lines().findFirst().orElse("");
    }

    List<JsonNode> outputsOfType(String type) {
      List<JsonNode> found = new ArrayList<>();
      outputs.forEach(output -> {
        if (type.equals(output.path("output_type").asText())) {
          found.add(output);
        }
      });
      return found;
    }

    String stdout() {
      StringBuilder text = new StringBuilder();
      for (JsonNode stream : outputsOfType("stream")) {
        if (stream.path("name").asText().equals("stdout")) {
          text.append(ExecutedNotebook.text(stream.path("text")));
        }
      }
      return text.toString();
    }

    boolean hasImage() {
      List<JsonNode> shown = outputsOfType("display_data");
      return shown.stream().anyMatch(output -> output.path("data").has("image/png"));
    }
  }

  List<Cell> codeCells() {
    List<Cell> cells = new ArrayList<>();
    JsonNode all = notebook.path("cells");
    for (int i = 0; i < all.size(); i++) {
      JsonNode cell = all.get(i);
      if (cell.path("cell_type").asText().equals("code")) {
        cells.add(new Cell(i, text(cell.path("source")), cell.path("outputs")));
      }
    }
    return cells;
  }

  /** The first cell that raised, or null. */
  Cell firstError() {
    return codeCells().stream().filter(cell -> !cell.outputsOfType("error").isEmpty()).findFirst().orElse(null);
  }

  /** Fails naming the notebook, the first cell that raised, its error and traceback. */
  void assertNoErrors() {
    Cell failed = firstError();
    if (failed != null) {
      JsonNode error = failed.outputsOfType("error").get(0);
      fail(source.getFileName() + ": cell " + failed.index() + " (" + failed.firstLine() + ") raised "
          + error.path("ename").asText() + ": " + error.path("evalue").asText() + "\n" + traceback(error)
          + "\nnbconvert said:\n" + log);
    }
  }

  static String traceback(JsonNode error) {
    StringBuilder lines = new StringBuilder();
    // IPython colours its tracebacks with ANSI escapes.
    error.path("traceback").forEach(line -> lines.append(line.asText().replaceAll("\u001b\\[[0-9;]*m", ""))
        .append('\n'));
    return lines.toString();
  }

  /** Notebook text fields are a string or a list of lines. */
  static String text(JsonNode field) {
    if (field.isArray()) {
      StringBuilder joined = new StringBuilder();
      field.forEach(part -> joined.append(part.asText()));
      return joined.toString();
    }
    return field.asText();
  }
}
