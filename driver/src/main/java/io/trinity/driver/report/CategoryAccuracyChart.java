package io.trinity.driver.report;

import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.PolicyKind;
import io.trinity.driver.eval.PolicyScore;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Accuracy per category, one group of bars per policy. The random routers are one group, their mean: they differ
 * only in seed, and a dozen bar groups of noise would crowd out the policies that matter.
 */
final class CategoryAccuracyChart {
  private CategoryAccuracyChart() {}

  static String svg(EvalReport report) {
    List<String> groups = new ArrayList<>();
    List<double[]> accuracies = new ArrayList<>();
    List<PolicyScore> routers = report.ofKind(PolicyKind.RANDOM_ROUTER);
    for (PolicyScore policy : report.policies()) {
      if (policy.kind() != PolicyKind.RANDOM_ROUTER) {
        groups.add(policy.policy());
        accuracies.add(byCategory(report, List.of(policy)));
      } else if (policy == routers.get(0)) {
        groups.add(routers.size() == 1 ? policy.policy() : "random router (mean of " + routers.size() + ")");
        accuracies.add(byCategory(report, routers));
      }
    }

    CategoryChart chart = new CategoryChartBuilder().width(960).height(520).title("Accuracy per category")
        .xAxisTitle("policy").yAxisTitle("accuracy (%)").build();
    Charts.style(chart.getStyler());
    chart.getStyler().setXAxisLabelRotation(30);
    for (int c = 0; c < report.categories().size(); c++) {
      List<Double> values = new ArrayList<>();
      for (double[] accuracy : accuracies) {
        values.add(100 * accuracy[c]);
      }
      chart.addSeries(report.categories().get(c), groups, values);
    }
    return Svg.of(chart, "category-accuracy", "Accuracy per category of every policy, the random routers "
        + "averaged");
  }

  /** The policies' mean accuracy in each category, in the report's category order. */
  private static double[] byCategory(EvalReport report, List<PolicyScore> policies) {
    double[] mean = new double[report.categories().size()];
    for (int c = 0; c < mean.length; c++) {
      String category = report.categories().get(c);
      mean[c] = policies.stream().mapToDouble(p -> p.byCategory().get(category).accuracy()).average()
          .orElseThrow();
    }
    return mean;
  }
}
