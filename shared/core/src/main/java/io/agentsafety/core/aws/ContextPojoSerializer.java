package io.agentsafety.core.aws;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Lambda runtime's event (de)serializer for POJO handlers, using the JSON mapper of the function's own application
 * context. Micronaut's {@code JsonMapperCustomPojoSerializer} builds a mapper of its own, which starts a second,
 * smaller application context (environment deduction, bean scanning) on every cold start; the runtime only
 * deserializes the first event after the handler (and so its context) exists, so the context's mapper is there to use.
 * A serializer used with no context started (a bare handler in a test) falls back to a default mapper.
 */
public final class ContextPojoSerializer implements CustomPojoSerializer {

    private static final AtomicReference<JsonMapper> CONTEXT_MAPPER = new AtomicReference<>();
    private volatile JsonMapper fallback;

    /** Registers the running context's mapper for the serializer; created with the context (eagerly). */
    @Context
    public static final class Registration {
        private final JsonMapper mapper;

        public Registration(JsonMapper mapper) {
            this.mapper = mapper;
            CONTEXT_MAPPER.set(mapper);
        }

        @PreDestroy
        void closed() {
            CONTEXT_MAPPER.compareAndSet(mapper, null);
        }
    }

    private JsonMapper mapper() {
        JsonMapper mapper = CONTEXT_MAPPER.get();
        if (mapper != null) {
            return mapper;
        }
        JsonMapper own = fallback;
        if (own == null) {
            synchronized (this) {
                own = fallback;
                if (own == null) {
                    own = JsonMapper.createDefault();
                    fallback = own;
                }
            }
        }
        return own;
    }

    /** One read of the mapper; both input forms share its error handling. */
    private interface Read {
        Object from(JsonMapper mapper, Argument<?> type) throws IOException;
    }

    @SuppressWarnings("unchecked")
    private <T> T read(Type type, Read read) {
        try {
            return (T) read.from(mapper(), Argument.of(type));
        } catch (IOException e) {
            throw new UncheckedIOException("event does not match " + type.getTypeName(), e);
        }
    }

    @Override
    public <T> T fromJson(InputStream input, Type type) {
        return read(type, (mapper, argument) -> mapper.readValue(input, argument));
    }

    @Override
    public <T> T fromJson(String input, Type type) {
        return read(type, (mapper, argument) -> mapper.readValue(input, argument));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void toJson(T value, OutputStream output, Type type) {
        try {
            mapper().writeValue(output, (Argument<T>) Argument.of(type), value);
        } catch (IOException e) {
            throw new UncheckedIOException("response cannot be written as " + type.getTypeName(), e);
        }
    }
}
