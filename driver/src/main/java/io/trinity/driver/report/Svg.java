package io.trinity.driver.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.internal.chartpart.Chart;

/** An XChart chart as an {@code <svg>} element to inline in the page. */
final class Svg {
  static {
    // XChart measures text with AWT fonts. A driver on a node whose DISPLAY points at no live X server would try
    // to connect to it; headless AWT needs only fontconfig and a font (Debian's JDK pulls in fonts-dejavu-core).
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Svg() {}

  /**
   * The chart drawn by VectorGraphics2D, in memory. Its XML prologue and DOCTYPE (which names the DTD by URL) are
   * dropped, coordinates are cut to two decimals, ids (of clip paths) get {@code idPrefix} so the page's several
   * charts cannot share one, and {@code label} names the image for screen readers: XChart draws text as glyph outlines, so the
   * SVG holds no readable text.
   */
  static String of(Chart<?, ?> chart, String idPrefix, String label) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not draw the chart '" + label + "'", e);
    }
    String svg = bytes.toString(StandardCharsets.UTF_8);
    // Text comes as glyph outlines with six decimals per coordinate; a hundredth of a pixel is as sharp and halves
    // the page.
    svg = svg.substring(svg.indexOf("<svg")).replaceAll("(\\d\\.\\d\\d)\\d+", "$1");
    // Inline in HTML, the parser gives SVG and xlink attributes their namespaces itself; the xlink declaration
    // would be the page's only URL besides the SVG namespace.
    return svg.replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "")
        .replaceFirst("<svg ", "<svg role=\"img\" aria-label=\"" + Html.escape(label) + "\" ")
        .replaceAll(" id=\"([^\"]+)\"", " id=\"" + idPrefix + "-$1\"")
        .replace("url(#", "url(#" + idPrefix + "-");
  }
}
