package io.agentsafety.redaction;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code safety.redaction.*}: which environment variables of the process hold secrets (their values
 * are removed wherever they appear), how short a value may be, and whether the configured redactor
 * also serves log output. Custom patterns are {@link CustomPatternConfig} entries.
 */
@ConfigurationProperties("safety.redaction")
public class RedactionConfiguration {

    private List<String> sensitiveEnvNames = new ArrayList<>(RedactorBuilder.DEFAULT_SENSITIVE_ENV_NAMES);
    private int minEnvValueLength = 8;
    private int minRequestSecretLength = 4;
    private boolean redactLogs = true;

    public List<String> getSensitiveEnvNames() {
        return sensitiveEnvNames;
    }

    public void setSensitiveEnvNames(List<String> sensitiveEnvNames) {
        this.sensitiveEnvNames = sensitiveEnvNames;
    }

    public int getMinEnvValueLength() {
        return minEnvValueLength;
    }

    public void setMinEnvValueLength(int minEnvValueLength) {
        this.minEnvValueLength = minEnvValueLength;
    }

    public int getMinRequestSecretLength() {
        return minRequestSecretLength;
    }

    public void setMinRequestSecretLength(int minRequestSecretLength) {
        this.minRequestSecretLength = minRequestSecretLength;
    }

    public boolean isRedactLogs() {
        return redactLogs;
    }

    public void setRedactLogs(boolean redactLogs) {
        this.redactLogs = redactLogs;
    }
}
