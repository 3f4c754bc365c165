package io.trinity.workers.encode.qwen3;

/** IEEE binary16 to float32; Java 17 has no Float.float16ToFloat. */
final class HalfFloats {
  private HalfFloats() {}

  static float toFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // zero or subnormal: mantissa * 2^-24, exact in float32
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }
}
