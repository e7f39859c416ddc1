package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The conversion words are listed twice: in code for the functions ({@link LogConfigurator}) and in
 * {@code logback-base.xml} for XML configurations (tests, operators). They must redefine the same words with the same
 * converters, or a pattern would print a secret under one configuration and not the other.
 */
class LogConfiguratorTest {

    @Test
    void codeAndXmlRedefineTheSameConversionWords() throws IOException {
        Map<String, String> xml = new TreeMap<>();
        try (InputStream in = LogConfigurator.class.getResourceAsStream("/io/agentsafety/redaction/logback-base.xml")) {
            assertNotNull(in, "logback-base.xml on the class path");
            Matcher rule = Pattern.compile("<conversionRule conversionWord=\"([^\"]+)\" class=\"([^\"]+)\"/>")
                .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            while (rule.find()) {
                xml.put(rule.group(1), rule.group(2));
            }
        }
        Map<String, String> code = new TreeMap<>();
        LogConfigurator.CONVERTERS.forEach((word, converter) -> code.put(word, converter.get().getClass().getName()));
        assertEquals(9, code.size());
        assertEquals(code, xml);
    }
}
