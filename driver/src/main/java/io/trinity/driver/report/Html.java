package io.trinity.driver.report;

import io.trinity.driver.eval.Interval;
import java.util.Locale;

/** Escaping and the number formats the report's tables share. */
final class Html {
  private Html() {}

  /** Text for element content and quoted attribute values: policy, model and category names come from users. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A fraction as a percentage with one decimal. */
  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** An accuracy with its interval, both in percent. */
  static String withInterval(double fraction, Interval ci) {
    return String.format(Locale.ROOT, "%.1f%% <small>[%.1f, %.1f]</small>", 100 * fraction, 100 * ci.low(),
        100 * ci.high());
  }

  /** A paired difference of fractions in percentage points, signed, with its interval. */
  static String points(double difference, Interval ci) {
    return String.format(Locale.ROOT, "%+.1f pp <small>[%+.1f, %+.1f]</small>", 100 * difference,
        100 * ci.low(), 100 * ci.high());
  }

  static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** USD to the micro-dollar: a simulated or small model costs well under a cent per question. */
  static String usd(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
