package io.trinity.driver.report;

import java.util.List;
import java.util.Map;

/**
 * A training run as its report sees it: where it lives, its id, the config summary for the page's header (label
 * to plain text, in display order) and its metrics lines in file order.
 */
public record TrainingRun(String location, String runId, Map<String, String> summary,
    List<GenerationPoint> generations) {}
