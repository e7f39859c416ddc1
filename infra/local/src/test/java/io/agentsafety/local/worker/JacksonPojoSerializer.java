package io.agentsafety.local.worker;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/** A real CustomPojoSerializer (Jackson), registered for the tests the way a function jar registers Micronaut's. */
public class JacksonPojoSerializer implements CustomPojoSerializer {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public <T> T fromJson(InputStream input, Type type) {
        try {
            return json.readValue(input, json.constructType(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> T fromJson(String input, Type type) {
        try {
            return json.readValue(input, json.constructType(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> void toJson(T value, OutputStream output, Type type) {
        try {
            json.writerFor(json.constructType(type)).writeValue(output, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
