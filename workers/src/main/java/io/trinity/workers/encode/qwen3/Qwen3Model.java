package io.trinity.workers.encode.qwen3;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.trinity.workers.encode.qwen3.Qwen3Checkpoint.Names;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The Qwen3 decoder on DJL's PyTorch engine, up to the final RMSNorm: token embedding; per layer RMSNorm,
 * attention with per-head q/k RMSNorm, rotary embeddings, grouped-query attention and a causal mask, residual,
 * RMSNorm, SwiGLU MLP, residual; the final RMSNorm. Runs a batch of sequences, each continuing its own KV cache,
 * and returns the hidden state of one chosen token per sequence. Read-only after loading, so forwards may run
 * concurrently; the intermediate arrays of a forward live in an {@link NDScope} and a sub-manager that are
 * closed when it returns.
 */
public final class Qwen3Model implements AutoCloseable {
  /** The DJL engine the decoder runs on. */
  public static final String ENGINE = "PyTorch";
  /** Added to the scores of masked keys; finite, so a padding row whose keys are all masked stays finite. */
  private static final float MASKED = -1e30f;

  private final NDManager manager;
  private final Qwen3Config config;
  private final DataType dtype;
  private final NDArray embed;
  private final Layer[] layers;
  private final NDArray finalNorm;
  private final float[] inverseFrequencies;
  private final List<String> svfTargets;
  private final List<Linear> svfLinears;

  /** One layer's weights. */
  private record Layer(NDArray inputNorm, Linear q, Linear k, Linear v, Linear o, NDArray qNorm,
      NDArray kNorm, NDArray postNorm, Linear gate, Linear up, Linear down) {}

  /**
   * A sequence's cached prefix, its new tokens, the index among the new tokens whose hidden state to return, and
   * the SVF scales z of its candidate (all SVF blocks concatenated in {@link #svfTargets()} order; null for all
   * ones, and for a model without SVF). A cached prefix must have been computed with the same scales.
   */
  public record Step(KvCache past, int[] tokens, int readIndex, float[] svfScales) {
    public Step(KvCache past, int[] tokens, int readIndex) {
      this(past, tokens, readIndex, null);
    }

    public Step {
      if (tokens.length == 0) {
        throw new IllegalArgumentException("a step needs at least one new token");
      }
      if (readIndex < 0 || readIndex >= tokens.length) {
        throw new IllegalArgumentException("read index " + readIndex + " outside the " + tokens.length
            + " new tokens");
      }
    }
  }

  /** The final-normed hidden state at the step's read index, and the cache of the prefix plus the new tokens. */
  public record Result(float[] hidden, KvCache cache) {}

  private Qwen3Model(NDManager manager, Qwen3Config config, DataType dtype, NDArray embed, Layer[] layers,
      NDArray finalNorm, List<String> svfTargets, List<Linear> svfLinears) {
    this.manager = manager;
    this.svfTargets = List.copyOf(svfTargets);
    this.svfLinears = List.copyOf(svfLinears);
    this.config = config;
    this.dtype = dtype;
    this.embed = embed;
    this.layers = layers;
    this.finalNorm = finalNorm;
    int half = config.headDim() / 2;
    this.inverseFrequencies = new float[half];
    for (int i = 0; i < half; i++) {
      inverseFrequencies[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / config.headDim()));
    }
  }

  /**
   * Fails with the reason when the natives cannot run on {@code device}: a Spark task that was given a GPU address
   * by an executor with CPU-only natives (a build without -P gpu) would otherwise fail deep in PyTorch, or, were it
   * to fall back, run on the CPU while the cluster reserves a GPU for it.
   */
  static void requireDevice(Device device) {
    if (!device.isGpu()) {
      return;
    }
    int gpus = Engine.getEngine(ENGINE).getGpuCount();
    if (device.getDeviceId() >= gpus) {
      throw new IllegalStateException("the encoder was given GPU " + device.getDeviceId() + " but the PyTorch natives "
          + "here see " + gpus + " GPU(s)" + (gpus == 0 ? " (CPU-only natives: build with -P gpu for CUDA)" : "")
          + "; drop the spark.*.resource.gpu settings to run on the CPU");
    }
  }

  /** Loads the checkpoint's decoder onto {@code device}, converting the stored weights to {@code dtype}. */
  public static Qwen3Model load(Qwen3Checkpoint checkpoint, Device device, DataType dtype) {
    return load(checkpoint, device, dtype, List.of());
  }

  /**
   * Loads the decoder with the projections named in {@code svfTargets} (Hugging Face tensor names such as
   * {@code model.layers.27.mlp.down_proj.weight}) factored by SVD for singular-value fine-tuning.
   */
  public static Qwen3Model load(Qwen3Checkpoint checkpoint, Device device, DataType dtype, List<String> svfTargets) {
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16 && dtype != DataType.BFLOAT16) {
      throw new IllegalArgumentException("compute dtype must be float32, float16 or bfloat16, got " + dtype);
    }
    Qwen3Config c = checkpoint.config();
    Map<String, long[]> shapes = Qwen3Checkpoint.expectedShapes(c);
    for (String target : svfTargets) {
      long[] shape = shapes.get(target);
      if (shape == null || shape.length != 2 || target.equals(Names.EMBED)) {
        throw new IllegalArgumentException("SVF target '" + target + "' is not a projection of this checkpoint; "
            + "expected a name like " + Names.layer(c.numLayers() - 1, Names.DOWN_PROJ));
      }
    }
    if (new HashSet<>(svfTargets).size() != svfTargets.size()) {
      throw new IllegalArgumentException("SVF targets name a projection twice: " + svfTargets);
    }
    Natives.offline();
    requireDevice(device);
    NDManager manager = NDManager.newBaseManager(device, ENGINE);
    try {
      Loader loader = new Loader(checkpoint, manager, dtype, svfTargets);
      Layer[] layers = new Layer[c.numLayers()];
      for (int i = 0; i < layers.length; i++) {
        layers[i] = new Layer(
            loader.norm(Names.layer(i, Names.INPUT_NORM)),
            loader.linear(Names.layer(i, Names.Q_PROJ)),
            loader.linear(Names.layer(i, Names.K_PROJ)),
            loader.linear(Names.layer(i, Names.V_PROJ)),
            loader.linear(Names.layer(i, Names.O_PROJ)),
            loader.norm(Names.layer(i, Names.Q_NORM)),
            loader.norm(Names.layer(i, Names.K_NORM)),
            loader.norm(Names.layer(i, Names.POST_NORM)),
            loader.linear(Names.layer(i, Names.GATE_PROJ)),
            loader.linear(Names.layer(i, Names.UP_PROJ)),
            loader.linear(Names.layer(i, Names.DOWN_PROJ)));
      }
      List<Linear> svfLinears = new ArrayList<>();
      svfTargets.forEach(t -> svfLinears.add(loader.factored.get(t)));
      return new Qwen3Model(manager, c, dtype, loader.weight(Names.EMBED), layers, loader.norm(Names.FINAL_NORM),
          svfTargets, svfLinears);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Copies stored tensors onto the device in the compute dtype; norm weights stay float32. Half-precision tensors
   * are widened to float32 in Java first: the PyTorch bridge cannot create bfloat16 arrays from a buffer.
   */
  private static final class Loader {
    private final Qwen3Checkpoint checkpoint;
    private final NDManager manager;
    private final DataType dtype;
    private final List<String> svfTargets;
    private final Map<String, Linear> factored = new HashMap<>();
    private ByteBuffer scratch;

    Loader(Qwen3Checkpoint checkpoint, NDManager manager, DataType dtype, List<String> svfTargets) {
      this.checkpoint = checkpoint;
      this.manager = manager;
      this.dtype = dtype;
      this.svfTargets = svfTargets;
    }

    Linear linear(String name) {
      int svfIndex = svfTargets.indexOf(name);
      if (svfIndex < 0) {
        return Linear.dense(transposed(name));
      }
      Linear linear = factor(name, svfIndex);
      factored.put(name, linear);
      return linear;
    }

    /** W = U diag(s) V^T in double precision, singular values in descending order, so z_i scales the i-th. */
    private Linear factor(String name, int svfIndex) {
      float[] weight;
      long[] shape = checkpoint.tensor(name).entry().shape();
      try (NDArray w = raw(name, DataType.FLOAT32)) {
        weight = w.toFloatArray();
      }
      int rows = (int) shape[0];
      int cols = (int) shape[1];
      DMatrixRMaj matrix = new DMatrixRMaj(rows, cols);
      for (int i = 0; i < weight.length; i++) {
        matrix.data[i] = weight[i];
      }
      SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
      if (!svd.decompose(matrix)) {
        throw new CheckpointException("SVD of tensor '" + name + "' did not converge");
      }
      DMatrixRMaj u = svd.getU(null, false);
      DMatrixRMaj singular = svd.getW(null);
      DMatrixRMaj v = svd.getV(null, false);
      SingularOps_DDRM.descendingOrder(u, false, singular, v, false);
      int k = Math.min(rows, cols);
      float[] s = new float[k];
      for (int i = 0; i < k; i++) {
        s[i] = (float) singular.get(i, i);
      }
      return Linear.factored(
          toDevice(v, cols, k, false),
          manager.create(s),
          toDevice(u, rows, k, true),
          svfIndex);
    }

    /** The first {@code k} columns of {@code m} ([rows, k], or transposed to [k, rows]) in the compute dtype. */
    private NDArray toDevice(DMatrixRMaj m, int rows, int k, boolean transpose) {
      float[] data = new float[rows * k];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < k; c++) {
          data[transpose ? c * rows + r : r * k + c] = (float) m.get(r, c);
        }
      }
      try (NDArray wide = manager.create(data, transpose ? new Shape(k, rows) : new Shape(rows, k))) {
        return copy(wide, dtype);
      }
    }

    NDArray raw(String name, DataType to) {
      Qwen3Checkpoint.StoredTensor tensor = checkpoint.tensor(name);
      ByteBuffer stored = tensor.bytes();
      ByteBuffer floats = switch (tensor.entry().type()) {
        case F32 -> stored;
        case F16, BF16 -> widen(stored, tensor.entry().type());
      };
      try (NDArray borrowed = manager.create(floats, new Shape(tensor.entry().shape()), DataType.FLOAT32)) {
        NDArray converted = copy(borrowed, to);
        converted.setName(name);
        return converted;
      }
    }

    /**
     * An array of its own in {@code to}: arrays created from a buffer borrow it (a file mapping, the scratch
     * buffer, a buffer freed with the array), and a cast to the same type returns the same array.
     */
    private static NDArray copy(NDArray borrowed, DataType to) {
      return to == borrowed.getDataType() ? borrowed.duplicate() : borrowed.toType(to, true);
    }

    /** Widens 16-bit values into a reused direct buffer; the copy made from it frees it for the next tensor. */
    private ByteBuffer widen(ByteBuffer stored, SafetensorsFile.StoredType type) {
      int count = stored.remaining() / 2;
      if (scratch == null || scratch.capacity() < 4 * count) {
        scratch = ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder());
      }
      ByteBuffer out = scratch.clear().limit(4 * count);
      ShortBuffer in = stored.asShortBuffer();
      for (int i = 0; i < count; i++) {
        short bits = in.get(i);
        out.putFloat(4 * i, type == SafetensorsFile.StoredType.BF16
            ? Float.intBitsToFloat((bits & 0xffff) << 16) : HalfFloats.toFloat(bits));
      }
      return out;
    }

    NDArray weight(String name) {
      return raw(name, dtype);
    }

    NDArray norm(String name) {
      return raw(name, DataType.FLOAT32);
    }

    /** The weight transposed and made contiguous, so x @ W^T reads it in row order. */
    private NDArray transposed(String name) {
      try (NDArray w = raw(name, dtype); NDArray view = w.transpose()) {
        return view.duplicate();
      }
    }
  }

  public Qwen3Config config() {
    return config;
  }

  public DataType dtype() {
    return dtype;
  }

  public Device device() {
    return manager.getDevice();
  }

  /**
   * Runs the steps as one padded batch. Each result's cache is new and owned by the caller; the steps' caches are
   * only read.
   */
  public List<Result> forward(List<Step> steps) {
    int batch = steps.size();
    int maxNew = 0;
    int maxPast = 0;
    for (Step step : steps) {
      maxNew = Math.max(maxNew, step.tokens().length);
      maxPast = Math.max(maxPast, step.past().length());
    }
    List<NDArray[]> newKeys = new ArrayList<>();
    List<NDArray[]> newValues = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      newKeys.add(new NDArray[layers.length]);
      newValues.add(new NDArray[layers.length]);
    }
    float[][] hidden = new float[batch][];
    try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray ids = call.create(paddedIds(steps, maxNew), new Shape(batch, maxNew));
      NDArray x = embed.get(call, new NDIndex("{}", ids));
      NDArray[] rotary = rotary(call, steps, maxNew);
      NDArray mask = call.create(attentionMask(steps, maxPast, maxNew),
          new Shape(batch, 1, 1, maxNew, maxPast + maxNew));
      NDArray[] svf = scaledSingularValues(call, steps);
      for (int l = 0; l < layers.length; l++) {
        // A layer's intermediates are freed when it ends, not with the whole forward: 28 layers of a 0.6B model
        // would otherwise hold gigabytes at once.
        try (NDScope layerScope = new NDScope()) {
          layerScope.suppressNotUsedWarning();
          NDArray input = x;
          x = layer(call, l, x, steps, rotary, mask, svf, maxPast, newKeys, newValues);
          NDScope.unregister(x);
          for (int b = 0; b < batch; b++) {
            NDScope.unregister(newKeys.get(b)[l], newValues.get(b)[l]);
          }
          if (l > 0) {
            input.close();
          }
        }
      }
      for (int b = 0; b < batch; b++) {
        NDArray row = x.get(new NDIndex("{}, {}", b, steps.get(b).readIndex()));
        hidden[b] = rmsNorm(row, finalNorm).toType(DataType.FLOAT32, false).toFloatArray();
      }
      List<Result> results = new ArrayList<>(batch);
      for (int b = 0; b < batch; b++) {
        NDScope.unregister(newKeys.get(b));
        NDScope.unregister(newValues.get(b));
        Step step = steps.get(b);
        results.add(new Result(hidden[b], KvCache.of(manager.newSubManager(), newKeys.get(b), newValues.get(b),
            step.past().length() + step.tokens().length)));
      }
      return results;
    }
  }

  /** The SVF targets in the order of their blocks in a step's scales. */
  public List<String> svfTargets() {
    return svfTargets;
  }

  /** The length of a step's SVF scale vector: the singular values of all targets. */
  public int svfParameterCount() {
    return svfLinears.stream().mapToInt(l -> (int) l.rank()).sum();
  }

  /** Per SVF target, z * s for each sequence as [batch, 1, k]. */
  private NDArray[] scaledSingularValues(NDManager call, List<Step> steps) {
    int total = svfParameterCount();
    NDArray[] scaled = new NDArray[svfLinears.size()];
    int offset = 0;
    for (int t = 0; t < scaled.length; t++) {
      int rank = (int) svfLinears.get(t).rank();
      float[] z = new float[steps.size() * rank];
      for (int b = 0; b < steps.size(); b++) {
        float[] scales = steps.get(b).svfScales();
        if (scales != null && scales.length != total) {
          throw new IllegalArgumentException("SVF scales have " + scales.length + " values, the model's "
              + svfTargets + " need " + total);
        }
        for (int i = 0; i < rank; i++) {
          z[b * rank + i] = scales == null ? 1f : scales[offset + i];
        }
      }
      NDArray singular = svfLinears.get(t).singularValues();
      scaled[t] = call.create(z, new Shape(steps.size(), 1, rank)).mul(singular).toType(dtype, false);
      offset += rank;
    }
    return scaled;
  }

  /** One decoder layer on x [batch, new, hidden]; stores each sequence's extended keys and values for layer l. */
  private NDArray layer(NDManager call, int l, NDArray x, List<Step> steps, NDArray[] rotary, NDArray mask,
      NDArray[] svf, int maxPast, List<NDArray[]> newKeys, List<NDArray[]> newValues) {
    int batch = steps.size();
    int maxNew = (int) x.getShape().get(1);
    int kvHeads = config.numKvHeads();
    int headDim = config.headDim();
    int heads = config.numHeads();
    int groups = heads / kvHeads;
    double scale = 1.0 / Math.sqrt(headDim);
    Layer layer = layers[l];
    NDArray normed = rmsNorm(x, layer.inputNorm());
    NDArray q = heads(layer.q().apply(normed, svf), batch, maxNew, heads, headDim, layer.qNorm());
    NDArray k = heads(layer.k().apply(normed, svf), batch, maxNew, kvHeads, headDim, layer.kNorm());
    NDArray v = layer.v().apply(normed, svf).reshape(batch, maxNew, kvHeads, headDim).transpose(0, 2, 1, 3);
    q = rotate(q, rotary);
    k = rotate(k, rotary);
    for (int b = 0; b < batch; b++) {
      Step step = steps.get(b);
      newKeys.get(b)[l] = extend(step.past(), l, true, k.get(new NDIndex("{}, :, :{}", b, step.tokens().length)));
      newValues.get(b)[l] = extend(step.past(), l, false,
          v.get(new NDIndex("{}, :, :{}", b, step.tokens().length)));
    }
    NDArray keys = maxPast == 0 ? k : pastPadded(call, steps, l, true, maxPast).concat(k, 2);
    NDArray values = maxPast == 0 ? v : pastPadded(call, steps, l, false, maxPast).concat(v, 2);
    NDArray scores = q.reshape(batch, kvHeads, groups * maxNew, headDim)
        .matMul(keys.transpose(0, 1, 3, 2))
        .mul(scale)
        .reshape(batch, kvHeads, groups, maxNew, maxPast + maxNew)
        .toType(DataType.FLOAT32, false)
        .add(mask)
        .softmax(-1)
        .toType(dtype, false)
        .reshape(batch, kvHeads, groups * maxNew, maxPast + maxNew);
    NDArray attended = scores.matMul(values)
        .reshape(batch, heads, maxNew, headDim)
        .transpose(0, 2, 1, 3)
        .reshape(batch, maxNew, heads * headDim);
    attended = layer.o().apply(attended, svf);
    x = x.add(attended);
    NDArray post = rmsNorm(x, layer.postNorm());
    NDArray gate = layer.gate().apply(post, svf);
    NDArray mlp = layer.down().apply(gate.mul(Activation.sigmoid(gate)).mul(layer.up().apply(post, svf)), svf);
    return x.add(mlp);
  }

  private static long[] paddedIds(List<Step> steps, int maxNew) {
    long[] ids = new long[steps.size() * maxNew];
    for (int b = 0; b < steps.size(); b++) {
      int[] tokens = steps.get(b).tokens();
      for (int t = 0; t < tokens.length; t++) {
        ids[b * maxNew + t] = tokens[t];
      }
    }
    return ids;
  }

  /**
   * Row j of sequence b (absolute position past_b + j) sees the sequence's cached keys (columns below past_b)
   * and its new keys up to itself (columns maxPast + j' with j' <= j); padding columns are masked.
   */
  private static float[] attentionMask(List<Step> steps, int maxPast, int maxNew) {
    int width = maxPast + maxNew;
    float[] mask = new float[steps.size() * maxNew * width];
    Arrays.fill(mask, MASKED);
    for (int b = 0; b < steps.size(); b++) {
      int past = steps.get(b).past().length();
      int fresh = steps.get(b).tokens().length;
      for (int j = 0; j < maxNew; j++) {
        int row = (b * maxNew + j) * width;
        Arrays.fill(mask, row, row + past, 0f);
        Arrays.fill(mask, row + maxPast, row + maxPast + Math.min(j, fresh - 1) + 1, 0f);
      }
    }
    return mask;
  }

  /** cos and sin of the rotary angles at each token's absolute position, shaped [batch, 1, new, head dim]. */
  private NDArray[] rotary(NDManager call, List<Step> steps, int maxNew) {
    int headDim = config.headDim();
    int half = headDim / 2;
    float[] cos = new float[steps.size() * maxNew * headDim];
    float[] sin = new float[cos.length];
    for (int b = 0; b < steps.size(); b++) {
      int past = steps.get(b).past().length();
      for (int j = 0; j < maxNew; j++) {
        float position = past + j;
        int base = (b * maxNew + j) * headDim;
        for (int i = 0; i < half; i++) {
          // float32 angles, as the reference implementation computes them
          float angle = position * inverseFrequencies[i];
          float c = (float) Math.cos(angle);
          float s = (float) Math.sin(angle);
          cos[base + i] = c;
          cos[base + half + i] = c;
          sin[base + i] = s;
          sin[base + half + i] = s;
        }
      }
    }
    Shape shape = new Shape(steps.size(), 1, maxNew, headDim);
    return new NDArray[] {
        call.create(cos, shape).toType(dtype, false), call.create(sin, shape).toType(dtype, false)};
  }

  /** x * cos + rotate_half(x) * sin, where rotate_half(x) = concat(-x2, x1) of the two halves. */
  private NDArray rotate(NDArray x, NDArray[] rotary) {
    int half = config.headDim() / 2;
    NDArray first = x.get(new NDIndex("..., :{}", half));
    NDArray second = x.get(new NDIndex("..., {}:", half));
    NDArray rotated = second.neg().concat(first, -1);
    return x.mul(rotary[0]).add(rotated.mul(rotary[1]));
  }

  /** [batch, new, heads * head dim] -> per-head RMSNorm -> [batch, heads, new, head dim]. */
  private NDArray heads(NDArray projected, int batch, int tokens, int count, int headDim, NDArray norm) {
    return rmsNorm(projected.reshape(batch, tokens, count, headDim), norm).transpose(0, 2, 1, 3);
  }

  /** RMSNorm over the last axis, computed in float32 and returned in the compute dtype. */
  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray wide = x.toType(DataType.FLOAT32, false);
    NDArray rms = wide.square().mean(new int[] {-1}, true).add(config.rmsNormEps()).sqrt();
    return wide.div(rms).mul(weight).toType(dtype, false);
  }

  /** The sequence's cached keys or values followed by the new ones, as a fresh array. */
  private static NDArray extend(KvCache past, int layer, boolean keys, NDArray fresh) {
    if (past.length() == 0) {
      return fresh.duplicate();
    }
    NDArray cached = keys ? past.keys(layer) : past.values(layer);
    return NDArrays.concat(new NDList(cached, fresh), 1);
  }

  /** The batch's cached keys or values, each padded at the end to maxPast: [batch, kv heads, maxPast, head dim]. */
  private NDArray pastPadded(NDManager call, List<Step> steps, int layer, boolean keys, int maxPast) {
    NDList rows = new NDList(steps.size());
    for (Step step : steps) {
      int past = step.past().length();
      NDArray cached = past == 0 ? null : keys ? step.past().keys(layer) : step.past().values(layer);
      if (past == maxPast) {
        rows.add(cached);
        continue;
      }
      NDArray padding = call.zeros(new Shape(config.numKvHeads(), maxPast - past, config.headDim()), dtype);
      rows.add(past == 0 ? padding : NDArrays.concat(new NDList(cached, padding), 1));
    }
    // a lone sequence needs no copy: a view with a batch axis will do
    return rows.size() == 1 ? rows.get(0).expandDims(0) : NDArrays.stack(rows, 0);
  }

  @Override
  public void close() {
    manager.close();
  }
}
