package io.agentsafety.redaction;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;

/**
 * The application's {@link Redactor}: built-in table + configured custom patterns + the values of the
 * process's sensitive environment variables. An invalid custom pattern fails startup, naming it.
 */
@Factory
public class RedactorFactory {

    @Singleton
    public Redactor redactor(RedactionConfiguration config, List<CustomPatternConfig> customPatterns) {
        RedactorBuilder builder = Redactor.builder()
            .minRequestSecretLength(config.getMinRequestSecretLength())
            .environmentSecrets(System.getenv(), config.getSensitiveEnvNames(), config.getMinEnvValueLength());
        List<CustomPatternConfig> ordered = customPatterns.stream()
            .sorted(Comparator.comparingInt(CustomPatternConfig::getIndex)).toList();
        for (CustomPatternConfig c : ordered) {
            try {
                builder.addDetector(CustomPatterns.compile(c.spec(), "safety.redaction.custom-patterns[" + c.getIndex() + "]"));
            } catch (CustomPatterns.InvalidPatternException e) {
                throw new ConfigurationException("Invalid redaction configuration: " + e.getMessage());
            }
        }
        Redactor redactor = builder.build();
        if (config.isRedactLogs()) {
            LogRedaction.install(redactor);
        }
        return redactor;
    }
}
