package io.agentsafety.local.worker;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.util.ServiceLoader;

/**
 * Event (de)serialization for POJO handlers through the {@link CustomPojoSerializer} the function's own jar
 * registers in {@code META-INF/services}, as the Lambda runtime does. The runtime's built-in Jackson fallback
 * is not reproduced: a jar without a serializer fails at init with a message saying so.
 */
final class PojoSerialization {

    private final CustomPojoSerializer serializer;

    private PojoSerialization(CustomPojoSerializer serializer) {
        this.serializer = serializer;
    }

    static PojoSerialization find(ClassLoader loader, String handler) {
        CustomPojoSerializer serializer = ServiceLoader.load(CustomPojoSerializer.class, loader).findFirst()
            .orElseThrow(() -> new IllegalStateException("handler " + handler
                + " takes or returns a POJO but its jar registers no com.amazonaws.services.lambda.runtime.CustomPojoSerializer"
                + " (META-INF/services); the local runner does not reproduce the runtime's built-in Jackson serializer"));
        return new PojoSerialization(serializer);
    }

    Object fromJson(byte[] json, Type type) {
        return serializer.fromJson(new ByteArrayInputStream(json), type);
    }

    byte[] toJson(Object value, Type type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out, type);
        return out.toByteArray();
    }
}
