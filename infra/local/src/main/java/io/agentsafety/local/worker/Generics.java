package io.agentsafety.local.worker;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves a type variable of a handler's method (e.g. {@code I} of {@code RequestHandler<I, O>}) to the type
 * argument the handler class binds it to, walking superclasses and interfaces, the way the Lambda runtime
 * finds the class it deserializes the event into.
 */
final class Generics {

    private Generics() {
    }

    static Type resolve(Type type, Class<?> implementation) {
        if (!(type instanceof TypeVariable<?>)) {
            return type;
        }
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        collect(implementation, bindings);
        Type resolved = type;
        for (int hops = 0; resolved instanceof TypeVariable<?> variable && bindings.containsKey(variable) && hops < 32; hops++) {
            resolved = bindings.get(variable);
        }
        return resolved instanceof TypeVariable<?> ? Object.class : resolved;
    }

    private static void collect(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < arguments.length; i++) {
                bindings.putIfAbsent(variables[i], arguments[i]);
            }
        } else if (type instanceof Class<?> plain) {
            raw = plain;
        } else {
            return;
        }
        collect(raw.getGenericSuperclass(), bindings);
        for (Type parent : raw.getGenericInterfaces()) {
            collect(parent, bindings);
        }
    }
}
