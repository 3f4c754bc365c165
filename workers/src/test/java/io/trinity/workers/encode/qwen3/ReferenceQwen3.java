package io.trinity.workers.encode.qwen3;

import io.trinity.workers.encode.qwen3.Qwen3Checkpoint.Names;

/**
 * The Qwen3 decoder written out in plain double-precision Java, token by token, straight from the Hugging Face
 * modelling code; the DJL forward is checked against it.
 */
final class ReferenceQwen3 {
  private final TinyQwen3 model;
  private final int hidden = TinyQwen3.HIDDEN;
  private final int headDim = TinyQwen3.HEAD_DIM;

  ReferenceQwen3(TinyQwen3 model) {
    this.model = model;
  }

  /** The final-normed hidden state of token {@code index} of {@code tokens}. */
  double[] hiddenAt(int[] tokens, int index) {
    int n = tokens.length;
    double[] embed = doubles(Names.EMBED);
    double[][] x = new double[n][hidden];
    for (int t = 0; t < n; t++) {
      System.arraycopy(embed, tokens[t] * hidden, x[t], 0, hidden);
    }
    for (int layer = 0; layer < TinyQwen3.LAYERS; layer++) {
      x = layer(layer, x);
    }
    return rmsNorm(x[index], doubles(Names.FINAL_NORM));
  }

  private double[][] layer(int layer, double[][] x) {
    int n = x.length;
    int heads = TinyQwen3.HEADS;
    int kvHeads = TinyQwen3.KV_HEADS;
    double[][][] q = new double[n][][];
    double[][][] k = new double[n][][];
    double[][][] v = new double[n][][];
    for (int t = 0; t < n; t++) {
      double[] normed = rmsNorm(x[t], doubles(Names.layer(layer, Names.INPUT_NORM)));
      q[t] = split(matVec(layer, Names.Q_PROJ, normed), heads);
      k[t] = split(matVec(layer, Names.K_PROJ, normed), kvHeads);
      v[t] = split(matVec(layer, Names.V_PROJ, normed), kvHeads);
      for (int h = 0; h < heads; h++) {
        q[t][h] = rope(rmsNorm(q[t][h], doubles(Names.layer(layer, Names.Q_NORM))), t);
      }
      for (int h = 0; h < kvHeads; h++) {
        k[t][h] = rope(rmsNorm(k[t][h], doubles(Names.layer(layer, Names.K_NORM))), t);
      }
    }
    double[][] out = new double[n][];
    for (int t = 0; t < n; t++) {
      double[] attended = new double[heads * headDim];
      for (int h = 0; h < heads; h++) {
        int kvHead = h / (heads / kvHeads);
        double[] scores = new double[t + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s <= t; s++) {
          scores[s] = dot(q[t][h], k[s][kvHead]) / Math.sqrt(headDim);
          max = Math.max(max, scores[s]);
        }
        double sum = 0;
        for (int s = 0; s <= t; s++) {
          scores[s] = Math.exp(scores[s] - max);
          sum += scores[s];
        }
        for (int s = 0; s <= t; s++) {
          for (int d = 0; d < headDim; d++) {
            attended[h * headDim + d] += scores[s] / sum * v[s][kvHead][d];
          }
        }
      }
      double[] residual = add(x[t], matVec(layer, Names.O_PROJ, attended));
      double[] post = rmsNorm(residual, doubles(Names.layer(layer, Names.POST_NORM)));
      double[] gate = matVec(layer, Names.GATE_PROJ, post);
      double[] up = matVec(layer, Names.UP_PROJ, post);
      double[] act = new double[gate.length];
      for (int i = 0; i < act.length; i++) {
        act[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
      }
      out[t] = add(residual, matVec(layer, Names.DOWN_PROJ, act));
    }
    return out;
  }

  private double[] rope(double[] x, int position) {
    int half = headDim / 2;
    double[] out = new double[headDim];
    for (int i = 0; i < half; i++) {
      double angle = position / Math.pow(TinyQwen3.THETA, 2.0 * i / headDim);
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      out[i] = x[i] * cos - x[i + half] * sin;
      out[i + half] = x[i + half] * cos + x[i] * sin;
    }
    return out;
  }

  private static double[] rmsNorm(double[] x, double[] weight) {
    double sumSquares = 0;
    for (double value : x) {
      sumSquares += value * value;
    }
    double inverse = 1 / Math.sqrt(sumSquares / x.length + TinyQwen3.EPS);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * inverse * weight[i];
    }
    return out;
  }

  /** W x for the layer's weight W of shape [out, in], stored row-major as Hugging Face stores nn.Linear. */
  private double[] matVec(int layer, String tensor, double[] x) {
    float[] w = model.weight(Names.layer(layer, tensor));
    double[] out = new double[w.length / x.length];
    for (int o = 0; o < out.length; o++) {
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        sum += w[o * x.length + i] * x[i];
      }
      out[o] = sum;
    }
    return out;
  }

  private double[][] split(double[] x, int count) {
    double[][] out = new double[count][headDim];
    for (int h = 0; h < count; h++) {
      System.arraycopy(x, h * headDim, out[h], 0, headDim);
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private double[] doubles(String name) {
    float[] data = model.weight(name);
    double[] out = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = data[i];
    }
    return out;
  }
}
