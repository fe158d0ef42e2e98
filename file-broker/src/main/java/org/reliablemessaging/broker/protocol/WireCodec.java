package org.reliablemessaging.broker.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Writes and reads one kind of value, the two directions kept side by side so they cannot drift apart.
 *
 * @param <T> the value type
 */
public interface WireCodec<T extends @Nullable Object> {

    void write(WireOutput out, T value);

    T read(WireInput in);

    /** A codec from a writer and a reader. */
    static <T extends @Nullable Object> WireCodec<T> of(BiConsumer<WireOutput, T> writer,
            Function<WireInput, T> reader) {
        return new WireCodec<>() {
            @Override
            public void write(WireOutput out, T value) {
                writer.accept(out, value);
            }

            @Override
            public T read(WireInput in) {
                return reader.apply(in);
            }
        };
    }

    /** A list: an int count, then the elements; each element takes at least one byte. */
    static <T> WireCodec<List<T>> listOf(WireCodec<T> element) {
        return of((out, list) -> {
            out.writeInt(list.size());
            list.forEach(value -> element.write(out, value));
        }, in -> {
            int count = in.checkCount(in.readInt(), 1);
            List<T> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(element.read(in));
            }
            return Collections.unmodifiableList(list);
        });
    }

    /** A map kept in iteration order: an int count, then key and value pairs. */
    static <K, V> WireCodec<Map<K, V>> mapOf(WireCodec<K> key, WireCodec<V> value) {
        return of((out, map) -> {
            out.writeInt(map.size());
            map.forEach((k, v) -> {
                key.write(out, k);
                value.write(out, v);
            });
        }, in -> {
            int count = in.checkCount(in.readInt(), 2);
            Map<K, V> map = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                map.put(key.read(in), value.read(in));
            }
            return Collections.unmodifiableMap(map);
        });
    }

    /** An optional value: a presence byte, then the value if present. */
    static <T> WireCodec<Optional<T>> optionalOf(WireCodec<T> element) {
        return of((out, optional) -> {
            out.writeByte(optional.isPresent() ? 1 : 0);
            optional.ifPresent(value -> element.write(out, value));
        }, in -> switch (in.readByte()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(element.read(in));
            default -> throw new MalformedFrameException("presence byte must be 0 or 1");
        });
    }

    /** This codec's values mapped to and from another type, for records of one field. */
    default <U> WireCodec<U> map(Function<U, T> toWire, Function<T, U> fromWire) {
        WireCodec<T> self = this;
        return of((out, value) -> self.write(out, toWire.apply(value)), in -> fromWire.apply(self.read(in)));
    }
}
