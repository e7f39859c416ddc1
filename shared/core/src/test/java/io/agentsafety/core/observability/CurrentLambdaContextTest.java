package io.agentsafety.core.observability;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.function.aws.HandlerUtils;
import io.micronaut.function.aws.LambdaContextFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The invocation's Context is injectable, is the current one, and registering it adds nothing per invocation. */
class CurrentLambdaContextTest {

    @Test
    void theCurrentInvocationsContextResolvesAndDefinitionsDoNotGrow() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of())) {
            assertInstanceOf(CurrentLambdaContext.class, ctx.getBean(LambdaContextFactory.class));
            assertFalse(ctx.findBean(Context.class).isPresent(), "no invocation yet: no Context");
            ApplicationContextProvider handler = () -> ctx;
            // the path every Micronaut handler takes on each invocation
            HandlerUtils.configureWithContext(handler, new TestLambdaContext("first"));
            int definitions = ctx.getAllBeanDefinitions().size();
            Context last = null;
            for (int i = 0; i < 500; i++) {
                last = new TestLambdaContext("fn-" + i);
                HandlerUtils.configureWithContext(handler, last);
                assertSame(last, ctx.getBean(Context.class), "the bean is this invocation's context");
            }
            assertEquals(definitions, ctx.getAllBeanDefinitions().size(), "no bean definition added per invocation");
            assertEquals(1, ctx.getBeanDefinitions(Context.class).size());
            assertNotNull(ctx.getBean(LambdaLogger.class));
            assertEquals("fn-499", ctx.getBean(Context.class).getFunctionName());
        }
    }
}
