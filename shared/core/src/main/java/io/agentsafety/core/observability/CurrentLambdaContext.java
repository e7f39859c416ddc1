package io.agentsafety.core.observability;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.micronaut.context.BeanContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the invocation's Lambda {@link Context} (and its {@link LambdaLogger}) injectable, as Micronaut's
 * {@link DefaultLambdaContextFactory} does, at a constant cost per invocation. The default calls
 * {@code registerSingleton} on every invocation: each call scans every bean definition and adds one more runtime
 * definition that is never removed, so a warm instance got slower and bigger with every request it served (the
 * policy-check handler: 3.3 ms at the 2,000th invocation, 19 ms at the 8,000th; infra/local/BENCHMARK.md).
 * Here two definitions are registered once, on the first invocation, and resolve to the current invocation's values
 * (not singletons: their supplier runs at each lookup). Lambda runs one invocation at a time per instance, so "current"
 * is the same last-registered value the default gives. The mobile-SDK-only {@code ClientContext} and
 * {@code CognitoIdentity}, absent from API Gateway and Step Functions invokes, are still registered the default way
 * when an invocation carries them.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class CurrentLambdaContext implements LambdaContextFactory {

    private final BeanContext beans;
    private final AtomicBoolean registered = new AtomicBoolean();
    private volatile Context current;

    public CurrentLambdaContext(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    public void registerSingletons(Context context) {
        current = context;
        if (registered.compareAndSet(false, true)) {
            beans.registerBeanDefinition(RuntimeBeanDefinition.builder(Context.class, () -> current).build());
            beans.registerBeanDefinition(RuntimeBeanDefinition.builder(LambdaLogger.class, () -> current.getLogger()).build());
        }
        if (context.getClientContext() != null) {
            beans.registerSingleton(context.getClientContext());
        }
        if (context.getIdentity() != null) {
            beans.registerSingleton(context.getIdentity());
        }
    }
}
