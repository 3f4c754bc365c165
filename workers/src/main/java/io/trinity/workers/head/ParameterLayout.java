package io.trinity.workers.head;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the optimiser's flat parameter vector splits into named tensors: blocks in a fixed order, each stored
 * row-major. The names are the tensor names of the exported safetensors file, so a vector, its export and its
 * reload agree by construction. Head blocks and SVF scale blocks live in one layout.
 */
public final class ParameterLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One named tensor of the vector, starting at {@code offset}. */
  public record Block(String name, long[] shape, int offset, int size) implements Serializable {}

  private final List<Block> blocks;
  private final int parameterCount;

  private ParameterLayout(List<Block> blocks, int parameterCount) {
    this.blocks = List.copyOf(blocks);
    this.parameterCount = parameterCount;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Block> blocks() {
    return blocks;
  }

  public int parameterCount() {
    return parameterCount;
  }

  public Block block(String name) {
    for (Block block : blocks) {
      if (block.name().equals(name)) {
        return block;
      }
    }
    throw new IllegalArgumentException("no parameter block '" + name + "'; the layout has " + names());
  }

  /** The flat vector as named tensors, in layout order, for export. */
  public Map<String, Safetensors.Tensor> tensors(float[] parameters) {
    requireLength(parameters);
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    for (Block block : blocks) {
      tensors.put(block.name(), new Safetensors.Tensor(block.shape(),
          Arrays.copyOfRange(parameters, block.offset(), block.offset() + block.size())));
    }
    return tensors;
  }

  /** Joins named tensors back into the flat vector; every block must be present with its shape. */
  public float[] flatten(Map<String, Safetensors.Tensor> tensors) {
    float[] parameters = new float[parameterCount];
    for (Block block : blocks) {
      Safetensors.Tensor tensor = tensors.get(block.name());
      if (tensor == null) {
        throw new IllegalArgumentException("missing parameter block '" + block.name() + "'");
      }
      if (!Arrays.equals(tensor.shape(), block.shape())) {
        throw new IllegalArgumentException("parameter block '" + block.name() + "' has shape "
            + Arrays.toString(tensor.shape()) + ", expected " + Arrays.toString(block.shape()));
      }
      System.arraycopy(tensor.data(), 0, parameters, block.offset(), block.size());
    }
    if (tensors.size() != blocks.size()) {
      List<String> unknown = new ArrayList<>(tensors.keySet());
      unknown.removeAll(names());
      throw new IllegalArgumentException("unknown parameter blocks " + unknown + "; the layout has " + names());
    }
    return parameters;
  }

  public List<String> names() {
    return blocks.stream().map(Block::name).toList();
  }

  private void requireLength(float[] parameters) {
    if (parameters.length != parameterCount) {
      throw new IllegalArgumentException("parameter vector has " + parameters.length + " values, the layout "
          + names() + " needs " + parameterCount);
    }
  }

  public static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private int offset;

    private Builder() {}

    /** Appends a block; names are unique and every dimension positive. */
    public Builder add(String name, long... shape) {
      if (blocks.stream().anyMatch(b -> b.name().equals(name))) {
        throw new IllegalArgumentException("parameter block '" + name + "' added twice");
      }
      long size = 1;
      for (long dim : shape) {
        if (dim <= 0) {
          throw new IllegalArgumentException("parameter block '" + name + "' has shape " + Arrays.toString(shape));
        }
        size = Math.multiplyExact(size, dim);
      }
      blocks.add(new Block(name, shape.clone(), offset, Math.toIntExact(size)));
      offset = Math.addExact(offset, Math.toIntExact(size));
      return this;
    }

    public ParameterLayout build() {
      return new ParameterLayout(blocks, offset);
    }
  }
}
