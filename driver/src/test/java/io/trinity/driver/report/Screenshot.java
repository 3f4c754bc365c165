package io.trinity.driver.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * What the report tests read off a page's screenshot: its width, how many distinct colours it has, and how many
 * pixels have the first chart series' colour (none when the browser drew no chart).
 */
record Screenshot(int width, int colours, int firstSeriesPixels) {

  static Screenshot read(Path png) throws IOException {
    BufferedImage shot = ImageIO.read(png.toFile());
    assertNotNull(shot, "no PNG screenshot at " + png);
    int firstSeriesColour = Palette.color(0).getRGB() & 0xffffff;
    Set<Integer> colours = new HashSet<>();
    int firstSeries = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        firstSeries += rgb == firstSeriesColour ? 1 : 0;
      }
    }
    return new Screenshot(shot.getWidth(), colours.size(), firstSeries);
  }
}
