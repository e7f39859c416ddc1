package io.agentsafety.redaction;

import com.google.re2j.Pattern;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * An RE2J match with its groups by RE2's "bit state" backtracker instead of RE2J's NFA: anchored at a position, or the
 * leftmost from a position for a program that opens with a literal. RE2J's NFA (it has no other engine) carries a copy
 * of every capture per thread per character, which made the anchored attempts at keyword hits cost ~400 ns per
 * character with the table's large value macros. The backtracker walks the same compiled program depth first, in the
 * order the NFA ranks its threads (an ALT's {@code out} before its {@code arg}), so the first MATCH it reaches is the
 * NFA's leftmost-first answer, groups included; a bitmap of the visited (instruction, position) pairs prunes exactly
 * what the NFA's per-step thread set prunes and keeps the work within instructions × characters, like the NFA's bound.
 * A run that would need more positions than {@link #MAX_VISITED_BITS} holds gives up ({@link #GAVE_UP}) and the
 * caller asks the NFA. The program is the one RE2J compiled, read through a private lookup (as {@link OnePassGroups}
 * reaches {@code RE2.match}); where that is refused, {@link #of} answers null and the NFA is used.
 */
final class BitStateMatch {

    /** 128 KiB of bitmap per thread: e.g. a 700-instruction program on 1,500 characters, a 150-instruction one on 7,000. */
    static final int MAX_VISITED_BITS = 1024 * 1024;

    private static final int ALT = 1;
    private static final int ALT_MATCH = 2;
    private static final int CAPTURE = 3;
    private static final int EMPTY_WIDTH = 4;
    private static final int FAIL = 5;
    private static final int MATCH = 6;
    private static final int NOP = 7;
    private static final int RUNE = 8;
    private static final int RUNE1 = 9;
    private static final int RUNE_ANY = 10;
    private static final int RUNE_ANY_NOT_NL = 11;
    /** RE2J's {@code Utils.EMPTY_BEGIN_TEXT} flag of a start condition. */
    private static final int EMPTY_BEGIN_TEXT = 4;

    /** {@code Pattern.re2()}, the RE2 and Prog fields, {@code Inst.matchRune(int)}, {@code Utils.emptyOpContext(int, int)}. */
    private static final MethodHandle RE2_OF;
    private static final MethodHandle PROG;
    private static final MethodHandle COND;
    private static final MethodHandle LONGEST;
    private static final MethodHandle INSTS;
    private static final MethodHandle INST_SIZE;
    private static final MethodHandle START;
    private static final MethodHandle OP;
    private static final MethodHandle OUT;
    private static final MethodHandle ARG;
    private static final MethodHandle RUNES;
    private static final MethodHandle MATCH_RUNE;
    private static final MethodHandle EMPTY_OP_CONTEXT;
    private static final MethodHandle PREFIX;

    static {
        MethodHandle[] h = new MethodHandle[14];
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Pattern.class, MethodHandles.lookup());
            Class<?> re2 = lookup.findClass("com.google.re2j.RE2");
            Class<?> prog = lookup.findClass("com.google.re2j.Prog");
            Class<?> inst = lookup.findClass("com.google.re2j.Inst");
            Class<?> utils = lookup.findClass("com.google.re2j.Utils");
            Class<?> insts = Array.newInstance(inst, 0).getClass();
            MethodType toObject = MethodType.methodType(Object.class, Object.class);
            h[0] = lookup.findVirtual(Pattern.class, "re2", MethodType.methodType(re2))
                .asType(MethodType.methodType(Object.class, Pattern.class));
            h[1] = lookup.findGetter(re2, "prog", prog).asType(toObject);
            h[2] = lookup.findGetter(re2, "cond", int.class).asType(MethodType.methodType(int.class, Object.class));
            h[3] = lookup.findGetter(re2, "longest", boolean.class).asType(MethodType.methodType(boolean.class, Object.class));
            h[4] = lookup.findGetter(prog, "inst", insts).asType(MethodType.methodType(Object[].class, Object.class));
            h[5] = lookup.findGetter(prog, "instSize", int.class).asType(MethodType.methodType(int.class, Object.class));
            h[6] = lookup.findGetter(prog, "start", int.class).asType(MethodType.methodType(int.class, Object.class));
            h[7] = lookup.findGetter(inst, "op", int.class).asType(MethodType.methodType(int.class, Object.class));
            h[8] = lookup.findGetter(inst, "out", int.class).asType(MethodType.methodType(int.class, Object.class));
            h[9] = lookup.findGetter(inst, "arg", int.class).asType(MethodType.methodType(int.class, Object.class));
            h[10] = lookup.findGetter(inst, "runes", int[].class).asType(MethodType.methodType(int[].class, Object.class));
            h[11] = lookup.findVirtual(inst, "matchRune", MethodType.methodType(boolean.class, int.class))
                .asType(MethodType.methodType(boolean.class, Object.class, int.class));
            h[12] = lookup.findStatic(utils, "emptyOpContext", MethodType.methodType(int.class, int.class, int.class));
            h[13] = lookup.findGetter(re2, "prefix", String.class).asType(MethodType.methodType(String.class, Object.class));
        } catch (Throwable e) {
            Arrays.fill(h, null);
        }
        RE2_OF = h[0];
        PROG = h[1];
        COND = h[2];
        LONGEST = h[3];
        INSTS = h[4];
        INST_SIZE = h[5];
        START = h[6];
        OP = h[7];
        OUT = h[8];
        ARG = h[9];
        RUNES = h[10];
        MATCH_RUNE = h[11];
        EMPTY_OP_CONTEXT = h[12];
        PREFIX = h[13];
    }

    /** Per thread: the visited bitmap and the job stack (pairs: instruction and position, or -1 - group and old value). */
    private static final class Scratch {
        final long[] visited = new long[MAX_VISITED_BITS / 64];
        int[] stack = new int[256];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int[] op;
    private final int[] out;
    private final int[] arg;
    /** RUNE1's rune. */
    private final int[] rune1;
    /** RUNE's instruction object, for RE2J's own {@code matchRune} (ranges, case folding). */
    private final Object[] insts;
    /**
     * RUNE's answers for the ASCII characters, filled on the instruction's first ASCII test: RE2J's {@code matchRune}
     * walks the ranges and, for a case-folded literal ({@code (?i:secret|token|…)}), Unicode's fold orbit on every
     * call, through a method handle. Filled from {@code matchRune} itself, so the answers are RE2J's; a race fills
     * an entry twice with equal sets (final fields: a reader sees null or a whole set).
     */
    private final AsciiSet[] ascii;
    private final int start;
    private final boolean impossible;
    private final boolean atTextStart;
    private final String prefix;

    private BitStateMatch(int[] op, int[] out, int[] arg, int[] rune1, Object[] insts, int start, boolean impossible,
                          boolean atTextStart, String prefix) {
        this.op = op;
        this.out = out;
        this.arg = arg;
        this.rune1 = rune1;
        this.insts = insts;
        this.ascii = new AsciiSet[insts.length];
        this.start = start;
        this.impossible = impossible;
        this.atTextStart = atTextStart;
        this.prefix = prefix;
    }

    /** The backtracker for {@code pattern}'s compiled program, or null where it cannot be read (then use the NFA). */
    static BitStateMatch of(Pattern pattern) {
        if (RE2_OF == null) {
            return null;
        }
        try {
            Object re2 = RE2_OF.invokeExact(pattern);
            if ((boolean) LONGEST.invokeExact(re2)) {
                return null; // leftmost-longest: not what the depth-first order gives
            }
            Object prog = PROG.invokeExact(re2);
            Object[] all = (Object[]) INSTS.invokeExact(prog);
            int n = (int) INST_SIZE.invokeExact(prog);
            int[] op = new int[n];
            int[] out = new int[n];
            int[] arg = new int[n];
            int[] rune1 = new int[n];
            Object[] insts = new Object[n];
            for (int pc = 0; pc < n; pc++) {
                Object inst = all[pc];
                op[pc] = (int) OP.invokeExact(inst);
                out[pc] = (int) OUT.invokeExact(inst);
                arg[pc] = (int) ARG.invokeExact(inst);
                if (op[pc] < ALT || op[pc] > RUNE_ANY_NOT_NL) {
                    return null;
                }
                if (op[pc] == RUNE1) {
                    int[] runes = (int[]) RUNES.invokeExact(inst);
                    rune1[pc] = runes[0];
                }
                insts[pc] = inst;
            }
            int cond = (int) COND.invokeExact(re2);
            String prefix = (String) PREFIX.invokeExact(re2);
            return new BitStateMatch(op, out, arg, rune1, insts, (int) START.invokeExact(prog), cond == -1,
                cond != -1 && (cond & EMPTY_BEGIN_TEXT) != 0, prefix == null ? "" : prefix);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * Whether every match starts at the start of the text (RE2J's start condition holds {@code \A}, or {@code ^}
     * without multi-line): then a search anywhere finds a match exactly when {@link #lookingAt} does.
     */
    boolean opensAtTextStart() {
        return atTextStart;
    }

    /**
     * The ASCII characters a match from the start of an input can open with, as two 64-bit words, or null when the
     * program can match an empty input or open with any character: the union of the character instructions reachable
     * from the start without reading one (an empty-width assertion counted as passed, so the set errs only towards
     * more). An input whose first character is ASCII and outside the set cannot match at its start. Computed on
     * request (each character instruction's set costs 128 of RE2J's {@code matchRune} calls), not at build.
     */
    long[] openingAscii() {
        long[] set = new long[2];
        boolean[] seen = new boolean[op.length];
        int[] todo = new int[op.length];
        int n = 0;
        todo[n++] = start;
        seen[start] = true;
        while (n > 0) {
            int pc = todo[--n];
            int o = op[pc];
            int[] next;
            switch (o) {
                case ALT, ALT_MATCH -> next = new int[] {out[pc], arg[pc]};
                case CAPTURE, NOP, EMPTY_WIDTH -> next = new int[] {out[pc]};
                case FAIL -> next = new int[0];
                case RUNE1 -> {
                    if (rune1[pc] < 128) {
                        set[rune1[pc] >>> 6] |= 1L << rune1[pc];
                    }
                    next = new int[0];
                }
                case RUNE -> {
                    AsciiSet chars = AsciiSet.of(insts[pc]);
                    set[0] |= chars.low();
                    set[1] |= chars.high();
                    next = new int[0];
                }
                default -> {
                    return null; // MATCH (an empty match), RUNE_ANY, RUNE_ANY_NOT_NL
                }
            }
            for (int pcNext : next) {
                if (!seen[pcNext]) {
                    seen[pcNext] = true;
                    todo[n++] = pcNext;
                }
            }
        }
        return set;
    }

    /** The literal every match starts with (RE2J's own prefix, which its NFA skips to), or "" when there is none. */
    String prefix() {
        return prefix;
    }

    /** Whether an input of {@code length} characters fits the bitmap whole (so {@link #lookingAt} never gives up). */
    boolean fits(int length) {
        return (long) (length + 1) * op.length <= MAX_VISITED_BITS;
    }

    /**
     * As {@code OnePassGroups.lookingAt}: whether the program matches at the start of {@code input}, and if so each
     * group's start and end in {@code groups}, -1 for a group that took no part. {@link #GAVE_UP} when the match would
     * need more positions than the bitmap holds (then ask the NFA), else {@link #MATCH_FOUND} or {@link #NO_MATCH}.
     */
    int lookingAt(CharSequence input, int[] groups) {
        return matchAt(input, 0, groups);
    }

    /**
     * As {@code OnePassGroups.find(input, from, groups)} for a program with a {@link #prefix}: every match starts with
     * it, so the leftmost match is the first occurrence of the prefix (in order) where the program matches.
     */
    int find(String input, int from, int[] groups) {
        for (int at = input.indexOf(prefix, from); at >= 0; at = input.indexOf(prefix, at + 1)) {
            int found = matchAt(input, at, groups);
            if (found != NO_MATCH) {
                return found;
            }
        }
        return NO_MATCH;
    }

    static final int NO_MATCH = 0;
    static final int MATCH_FOUND = 1;
    static final int GAVE_UP = -1;

    /** The program run from {@code at}, the characters before it only as context (as the NFA sees them there). */
    private int matchAt(CharSequence input, int at, int[] groups) {
        Arrays.fill(groups, -1);
        if (impossible) {
            return NO_MATCH;
        }
        int n = input.length();
        int width = op.length;
        int span = Math.min(n - at, MAX_VISITED_BITS / width - 1);
        Scratch scratch = SCRATCH.get();
        long[] visited = scratch.visited;
        int[] stack = scratch.stack;
        int ncap = groups.length;
        groups[0] = at;
        stack[0] = start;
        stack[1] = at;
        int sp = 2;
        int highest = 0;
        int result = NO_MATCH;
        search:
        while (sp > 0) {
            sp -= 2;
            int pc = stack[sp];
            int pos = stack[sp + 1];
            if (pc < 0) {
                groups[-1 - pc] = pos; // leaving a group's subtree: its old start or end back
                continue;
            }
            while (pc != 0) {
                int offset = pos - at;
                if (offset > span) {
                    result = GAVE_UP;
                    break search;
                }
                highest = Math.max(highest, offset);
                int bit = offset * width + pc;
                long mask = 1L << bit;
                if ((visited[bit >>> 6] & mask) != 0) {
                    break;
                }
                visited[bit >>> 6] |= mask;
                int o = op[pc];
                if (o == ALT || o == ALT_MATCH) {
                    if (sp + 2 > stack.length) {
                        stack = scratch.stack = Arrays.copyOf(stack, stack.length * 2);
                    }
                    stack[sp] = arg[pc];
                    stack[sp + 1] = pos;
                    sp += 2;
                    pc = out[pc];
                } else if (o == CAPTURE) {
                    int g = arg[pc];
                    if (g < ncap) {
                        if (sp + 2 > stack.length) {
                            stack = scratch.stack = Arrays.copyOf(stack, stack.length * 2);
                        }
                        stack[sp] = -1 - g;
                        stack[sp + 1] = groups[g];
                        sp += 2;
                        groups[g] = pos;
                    }
                    pc = out[pc];
                } else if (o == NOP) {
                    pc = out[pc];
                } else if (o == EMPTY_WIDTH) {
                    if ((arg[pc] & ~context(input, pos, n)) != 0) {
                        break;
                    }
                    pc = out[pc];
                } else if (o == MATCH) {
                    if (ncap > 1) {
                        groups[1] = pos;
                    }
                    result = MATCH_FOUND;
                    break search;
                } else if (o == FAIL) {
                    break;
                } else {
                    if (pos >= n) {
                        break;
                    }
                    int c = Character.codePointAt(input, pos);
                    if (!matches(o, pc, c)) {
                        break;
                    }
                    pos += Character.charCount(c);
                    pc = out[pc];
                }
            }
        }
        // cleared after use, only as far as this run reached: the cost stays that of the run
        Arrays.fill(visited, 0, (int) (((long) (highest + 1) * width + 63) >>> 6), 0L);
        return result;
    }

    private boolean matches(int o, int pc, int c) {
        switch (o) {
            case RUNE1:
                return c == rune1[pc];
            case RUNE_ANY:
                return true;
            case RUNE_ANY_NOT_NL:
                return c != '\n';
            default:
                if (c < 128) {
                    AsciiSet set = ascii[pc];
                    if (set == null) {
                        set = AsciiSet.of(insts[pc]);
                        ascii[pc] = set;
                    }
                    return set.has(c);
                }
                return matchRune(insts[pc], c);
        }
    }

    private static boolean matchRune(Object inst, int c) {
        try {
            return (boolean) MATCH_RUNE.invokeExact(inst, c);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ASCII characters one RUNE instruction accepts, as two 64-bit words. */
    private record AsciiSet(long low, long high) {

        static AsciiSet of(Object inst) {
            long low = 0;
            long high = 0;
            for (int c = 0; c < 128; c++) {
                if (matchRune(inst, c)) {
                    if (c < 64) {
                        low |= 1L << c;
                    } else {
                        high |= 1L << (c - 64);
                    }
                }
            }
            return new AsciiSet(low, high);
        }

        /** {@code c} below 128; a long shift takes its low six bits. */
        boolean has(int c) {
            return ((c < 64 ? low : high) >>> c & 1L) != 0;
        }
    }

    /** RE2J's EMPTY_* flags between the characters around {@code pos}, as its NFA computes them. */
    private static int context(CharSequence input, int pos, int n) {
        int before = pos == 0 ? -1 : Character.codePointBefore(input, pos);
        int after = pos < n ? Character.codePointAt(input, pos) : -1;
        try {
            return (int) EMPTY_OP_CONTEXT.invokeExact(before, after);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
