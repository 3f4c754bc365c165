package io.trinity.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

/**
 * Kryo serialisation of a Java record through its public API: the component accessors on write, the canonical
 * constructor on read (so the record's own validation runs). Spark's Kryo 4 predates records and cannot set their
 * final fields.
 */
final class RecordSerializer<T extends Record> extends Serializer<T> {
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;

  RecordSerializer(Class<T> type) {
    setImmutable(true);
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      RecordComponent[] components = type.getRecordComponents();
      accessors = new MethodHandle[components.length];
      Class<?>[] parameterTypes = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = lookup.unreflect(components[i].getAccessor());
        parameterTypes[i] = components[i].getType();
      }
      constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("record " + type.getName() + " must be public with a public canonical "
          + "constructor to cross Spark's wire", e);
    }
  }

  @Override
  public void write(Kryo kryo, Output output, T record) {
    try {
      for (MethodHandle accessor : accessors) {
        kryo.writeClassAndObject(output, accessor.invoke(record));
      }
    } catch (Throwable e) {
      throw new KryoException("cannot write " + record.getClass().getName(), e);
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<T> type) {
    Object[] values = new Object[accessors.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = kryo.readClassAndObject(input);
    }
    try {
      return type.cast(constructor.invokeWithArguments(values));
    } catch (Throwable e) {
      throw new KryoException("cannot read " + type.getName(), e);
    }
  }
}
