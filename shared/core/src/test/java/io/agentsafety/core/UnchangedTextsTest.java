package io.agentsafety.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnchangedTextsTest {

    private static final int MAX_REMEMBERED = 1024;
    private static final int MAX_LENGTH = 512;

    /** Replaces "SECRET" and records every text it was given. */
    private static final class CountingScrubber {
        final List<String> calls = new ArrayList<>();

        String scrub(String text) {
            calls.add(text);
            return text.replace("SECRET", "[REDACTED]");
        }
    }

    @Test
    void anUnchangedDescriptionIsScrubbedOncePerProcessWithTheSameResult() {
        CountingScrubber scrubber = new CountingScrubber();
        UnchangedTexts descriptions = new UnchangedTexts(scrubber::scrub, MAX_REMEMBERED, MAX_LENGTH);
        String description = "recursive deletion of the root directory";
        for (int i = 0; i < 5; i++) {
            assertEquals(scrubber.scrub(description), descriptions.scrub(description));
        }
        assertEquals(5 + 1, scrubber.calls.size(), "five direct calls, one through the memo");
        assertEquals(1, descriptions.rememberedCount());
    }

    @Test
    void aDescriptionTheScrubberChangesIsScrubbedEveryTimeAndNeverKept() {
        CountingScrubber scrubber = new CountingScrubber();
        UnchangedTexts descriptions = new UnchangedTexts(scrubber::scrub, MAX_REMEMBERED, MAX_LENGTH);
        String description = "network call to https://user:SECRET@example.com";
        for (int i = 0; i < 3; i++) {
            assertEquals("network call to https://user:[REDACTED]@example.com", descriptions.scrub(description));
        }
        assertEquals(3, scrubber.calls.size());
        assertEquals(0, descriptions.rememberedCount());
    }

    @Test
    void longDescriptionsAndTheBoundAreNotRemembered() {
        CountingScrubber scrubber = new CountingScrubber();
        UnchangedTexts descriptions = new UnchangedTexts(scrubber::scrub, MAX_REMEMBERED, MAX_LENGTH);
        String longOne = "x".repeat(MAX_LENGTH + 1);
        descriptions.scrub(longOne);
        descriptions.scrub(longOne);
        assertEquals(2, scrubber.calls.size());
        for (int i = 0; i < MAX_REMEMBERED + 10; i++) {
            assertEquals("rule " + i, descriptions.scrub("rule " + i));
        }
        assertEquals(MAX_REMEMBERED, descriptions.rememberedCount());
    }
}
