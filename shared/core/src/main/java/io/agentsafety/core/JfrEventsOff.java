package io.agentsafety.core;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;

import java.util.List;

/**
 * Turns off the JFR events Netty and Lettuce emit by default when the JDK has JFR: nothing here records them, and
 * loading JFR costs every function that reaches Redis or the sandbox backend about 100 classes on its cold start.
 * Runs before the application context starts, so before either library reads its switch; a switch given on the
 * command line ({@code -Dio.netty.jfr.enabled=true}, {@code -Dio.lettuce.core.jfr=true}) wins.
 */
public final class JfrEventsOff implements ApplicationContextConfigurer {

    static final List<String> SWITCHES = List.of("io.netty.jfr.enabled", "io.lettuce.core.jfr");

    @Override
    public void configure(ApplicationContextBuilder builder) {
        for (String key : SWITCHES) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, "false");
            }
        }
    }
}
