package io.agentsafety.redaction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * An RE2J match with all its groups in one NFA pass. {@code Matcher.lookingAt()} or {@code find(from)} followed by
 * {@code start(g)} runs the NFA twice (first for the match's bounds, then again over the matched span with every
 * capture); the redactor always reads the groups of a match, so doing it once saves the second run. The
 * one RE2J call that does it, {@code RE2.match(input, start, end, anchor, groups, ngroups)}, is package-private
 * (re2j 1.8), so it is reached through a private lookup; where that is refused (a future RE2J, a module that does not
 * open its package) the two-pass public API gives the same answer.
 */
final class OnePassGroups {

    /** {@code Pattern.re2()} as (Pattern) → Object, and {@code RE2.match(...)} as (Object, ...) → boolean; or null. */
    private static final MethodHandle RE2_OF;
    private static final MethodHandle MATCH;
    private static final int ANCHOR_START;
    private static final int UNANCHORED;

    static {
        MethodHandle re2Of = null;
        MethodHandle match = null;
        int anchor = 0;
        int unanchored = 0;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Pattern.class, MethodHandles.lookup());
            Class<?> re2 = lookup.findClass("com.google.re2j.RE2");
            re2Of = lookup.findVirtual(Pattern.class, "re2", MethodType.methodType(re2))
                .asType(MethodType.methodType(Object.class, Pattern.class));
            match = lookup.findVirtual(re2, "match", MethodType.methodType(boolean.class, CharSequence.class, int.class,
                    int.class, int.class, int[].class, int.class))
                .asType(MethodType.methodType(boolean.class, Object.class, CharSequence.class, int.class, int.class,
                    int.class, int[].class, int.class));
            anchor = (int) lookup.findStaticGetter(re2, "ANCHOR_START", int.class).invokeExact();
            unanchored = (int) lookup.findStaticGetter(re2, "UNANCHORED", int.class).invokeExact();
        } catch (Throwable e) {
            re2Of = null;
            match = null;
        }
        RE2_OF = re2Of;
        MATCH = match;
        ANCHOR_START = anchor;
        UNANCHORED = unanchored;
    }

    private OnePassGroups() {
    }

    /** Whether the one-pass call is available (else {@link #lookingAt} uses the public two-pass API). */
    static boolean onePass() {
        return MATCH != null;
    }

    /**
     * Whether {@code pattern} matches at the start of {@code input}; if so {@code groups} (length 2 × (1 +
     * groupCount)) holds each group's start and end, -1 for a group that took no part, as {@code Matcher} reports them.
     */
    static boolean lookingAt(Pattern pattern, CharSequence input, int[] groups) {
        return MATCH != null ? match(pattern, input, 0, ANCHOR_START, groups) : twoPass(pattern, input, groups);
    }

    /** As {@code Matcher.find(from)}: the leftmost match starting at or after {@code from}, and its groups. */
    static boolean find(Pattern pattern, CharSequence input, int from, int[] groups) {
        return MATCH != null ? match(pattern, input, from, UNANCHORED, groups) : twoPassFind(pattern, input, from, groups);
    }

    private static boolean match(Pattern pattern, CharSequence input, int from, int anchor, int[] groups) {
        try {
            return (boolean) MATCH.invokeExact(RE2_OF.invokeExact(pattern), input, from, input.length(), anchor, groups,
                groups.length / 2);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public API's way: the match, then its groups. */
    static boolean twoPass(Pattern pattern, CharSequence input, int[] groups) {
        Matcher m = pattern.matcher(input);
        return m.lookingAt() && copy(m, groups);
    }

    static boolean twoPassFind(Pattern pattern, CharSequence input, int from, int[] groups) {
        Matcher m = pattern.matcher(input);
        return m.find(from) && copy(m, groups);
    }

    private static boolean copy(Matcher m, int[] groups) {
        for (int g = 0; g < groups.length / 2; g++) {
            groups[2 * g] = m.start(g);
            groups[2 * g + 1] = m.end(g);
        }
        return true;
    }
}
