package io.agentsafety.local.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Loads the Handler a template names and calls it the way the Lambda Java runtime does:
 * <ul>
 *   <li>{@code package.Class} implementing {@code RequestStreamHandler}: the event JSON as a stream;</li>
 *   <li>{@code package.Class} implementing {@code RequestHandler<I, O>}: the event deserialized into {@code I}
 *       by the {@code CustomPojoSerializer} the function's jar registers (Micronaut's
 *       {@code JsonMapperCustomPojoSerializer} here), the result serialized back with it;</li>
 *   <li>{@code package.Class::method}: the public method of that name, preferring
 *       {@code (InputStream, OutputStream, Context)}, then {@code (InputStream, OutputStream)},
 *       {@code (I, Context)}, {@code (I)} and {@code ()}; a type variable {@code I} is resolved against the class.</li>
 * </ul>
 * The handler is constructed once (the init phase), then invoked once per event.
 */
public final class HandlerInvoker {

    static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";
    private static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";

    private final Object target;
    private final Method method;
    private final Shape shape;
    private final Type inputType;
    private final Type outputType;
    private final PojoSerialization serialization;

    private enum Shape { STREAMS_CONTEXT, STREAMS, POJO_CONTEXT, POJO, NO_INPUT }

    private HandlerInvoker(Object target, Method method, Shape shape, Type inputType, Type outputType, PojoSerialization serialization) {
        this.target = target;
        this.method = method;
        this.shape = shape;
        this.inputType = inputType;
        this.outputType = outputType;
        this.serialization = serialization;
    }

    public static HandlerInvoker load(String handler, ClassLoader loader) throws Exception {
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler : handler.substring(0, separator);
        Class<?> type = Class.forName(className, true, loader);
        Method method = separator < 0 ? interfaceMethod(type, loader) : namedMethod(type, handler.substring(separator + 2));
        Shape shape = shapeOf(method);
        Type inputType = shape == Shape.POJO || shape == Shape.POJO_CONTEXT
            ? Generics.resolve(method.getGenericParameterTypes()[0], type) : null;
        Type outputType = Generics.resolve(method.getGenericReturnType(), type);
        Object target = Modifier.isStatic(method.getModifiers()) ? null : instantiate(type);
        boolean needsJson = inputType != null || (shape != Shape.STREAMS && shape != Shape.STREAMS_CONTEXT && method.getReturnType() != void.class);
        PojoSerialization serialization = needsJson ? PojoSerialization.find(loader, handler) : null;
        method.setAccessible(true);
        return new HandlerInvoker(target, method, shape, inputType, outputType, serialization);
    }

    /** Runs one invocation; returns the response JSON bytes. Handler exceptions propagate unwrapped. */
    public byte[] invoke(byte[] event, InvocationInfo info) throws Throwable {
        try {
            return switch (shape) {
                case STREAMS_CONTEXT, STREAMS -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    InputStream in = new ByteArrayInputStream(event);
                    if (shape == Shape.STREAMS) {
                        method.invoke(target, in, out);
                    } else {
                        method.invoke(target, in, out, new LocalContext(info));
                    }
                    yield out.toByteArray();
                }
                case POJO_CONTEXT -> serialize(method.invoke(target, serialization.fromJson(event, inputType), new LocalContext(info)));
                case POJO -> serialize(method.invoke(target, serialization.fromJson(event, inputType)));
                case NO_INPUT -> serialize(method.invoke(target));
            };
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private byte[] serialize(Object result) {
        if (result == null) {
            return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Type type = outputType instanceof Class<?> || outputType instanceof java.lang.reflect.ParameterizedType ? outputType : result.getClass();
        return serialization.toJson(result, type);
    }

    private static Method interfaceMethod(Class<?> type, ClassLoader loader) throws ReflectiveOperationException {
        for (String name : List.of(STREAM_HANDLER, REQUEST_HANDLER)) {
            Class<?> contract;
            try {
                contract = Class.forName(name, false, loader);
            } catch (ClassNotFoundException absent) {
                continue;
            }
            if (contract.isAssignableFrom(type)) {
                Method abstractMethod = Arrays.stream(contract.getMethods()).filter(m -> m.getName().equals("handleRequest")).findFirst().orElseThrow();
                // the interface method (erased) is invoked; its type variables are resolved against the class
                return abstractMethod;
            }
        }
        throw new IllegalArgumentException(type.getName() + " implements neither RequestHandler nor RequestStreamHandler: name a method as Class::method");
    }

    private static Method namedMethod(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
            .filter(m -> m.getName().equals(name) && !m.isBridge() && !m.isSynthetic())
            .filter(m -> shapeOrNull(m) != null)
            .min(Comparator.comparingInt(m -> shapeOrNull(m).ordinal()))
            .orElseThrow(() -> new IllegalArgumentException("no public method " + name
                + "(input[, Context]) or (InputStream, OutputStream[, Context]) in " + type.getName()));
    }

    private static Shape shapeOf(Method method) {
        Shape shape = shapeOrNull(method);
        if (shape == null) {
            throw new IllegalArgumentException("unsupported handler signature: " + method);
        }
        return shape;
    }

    private static Shape shapeOrNull(Method method) {
        Class<?>[] p = method.getParameterTypes();
        boolean streams = p.length >= 2 && p[0] == InputStream.class && p[1] == OutputStream.class;
        boolean lastIsContext = p.length > 0 && p[p.length - 1].getName().equals(CONTEXT);
        if (streams && p.length == 3 && lastIsContext) {
            return Shape.STREAMS_CONTEXT;
        }
        if (streams && p.length == 2) {
            return Shape.STREAMS;
        }
        if (p.length == 2 && lastIsContext) {
            return Shape.POJO_CONTEXT;
        }
        if (p.length == 1 && !lastIsContext) {
            return Shape.POJO;
        }
        return p.length == 0 ? Shape.NO_INPUT : null;
    }

    /** The init phase: the handler's constructor runs here (Micronaut starts its context); its failure is the init error. */
    private static Object instantiate(Class<?> type) throws Exception {
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
