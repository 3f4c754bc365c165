package io.trinity.driver.report;

import java.awt.Color;

/**
 * Series colours for up to twenty series (Tableau's 20: ten hues, each dark then light), cycling after that. The
 * accuracy-vs-cost chart needs them explicitly to draw a policy's interval in its point's colour.
 */
final class Palette {
  private static final int[] RGB = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
      0x7f7f7f, 0xbcbd22, 0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2,
      0xc7c7c7, 0xdbdb8d, 0x9edae5};

  private Palette() {}

  static Color color(int series) {
    return new Color(RGB[series % RGB.length]);
  }

  static Color[] colors() {
    Color[] colors = new Color[RGB.length];
    for (int i = 0; i < colors.length; i++) {
      colors[i] = color(i);
    }
    return colors;
  }
}
