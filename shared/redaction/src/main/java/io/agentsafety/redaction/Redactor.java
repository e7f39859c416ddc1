package io.agentsafety.redaction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The redaction engine. One Aho-Corasick pass over the text finds detector keywords; each detector's
 * RE2J regex then runs only in windows (the keyword's line, or a few lines / bytes around it for
 * multi-line formats) merged per detector, so clean lines cost one table lookup per character and
 * no input makes matching super-linear. Known secret values are found in the same spirit by an exact
 * Aho-Corasick pass. Overlapping findings are merged and replaced by {@code [REDACTED:<kind>]}.
 * Thread-safe and immutable. Longer than ~600 lines because the window/anchor prechecks are one
 * algorithm whose pieces share the scan state; known values, limits and automata live in their own classes.
 */
public final class Redactor {

    public static final String ENV_KIND = "env_secret";
    public static final String EXTRA_KIND = "extra_secret";
    /** The longest key (identifier around a keyword) looked at, back and forward from a keyword hit. */
    static final int MAX_KEY = 256;

    private final List<Detector> detectors;
    private final List<Pattern> globalAllow;
    private final RequiredLiterals[] globalAllowRequired;
    /** The rows of {@link #globalAllow} a value may match, in one pass (null past 64 rows: each row's own scan). */
    private final LiteralRows globalAllowRows;
    private final KeywordAutomaton keywords;
    private final int[][] keywordDetectors;
    private final int[][] requirements;
    private final KnownValues processValues;
    private final Set<String> kinds;
    private final int minRequestSecretLength;
    /** Row order of the table: on identical spans the earlier (more specific) row names the finding. */
    private final Map<String, Integer> priority;
    /** Every row on (a call without a kinds filter): shared and never written, so such a call allocates no flags. */
    private final boolean[] allEnabled;
    /** The rows without keywords (configured custom patterns), whose regex runs on the whole text. */
    private final int[] alwaysOn;
    /** Raw findings by start, then longest first, then {@link #priorityOf} (built once, not per call). */
    private final Comparator<Finding> findingOrder = Comparator.comparingInt(Finding::start)
        .thenComparing(Comparator.comparingInt(Finding::end).reversed()).thenComparingInt(this::priorityOf);

    Redactor(List<Detector> detectors, List<Pattern> globalAllow, List<SecretValues.Literal> processLiterals,
             int minRequestSecretLength) {
        this.detectors = List.copyOf(detectors);
        this.globalAllow = List.copyOf(globalAllow);
        this.globalAllowRequired = this.globalAllow.stream().map(RequiredLiterals::of).toArray(RequiredLiterals[]::new);
        this.globalAllowRows = LiteralRows.of(globalAllowRequired);
        this.minRequestSecretLength = minRequestSecretLength;
        Map<String, Integer> index = new HashMap<>();
        List<String> patterns = new ArrayList<>();
        Map<Integer, List<Integer>> byKeyword = new HashMap<>();
        this.requirements = new int[this.detectors.size()][];
        for (int d = 0; d < this.detectors.size(); d++) {
            Detector det = this.detectors.get(d);
            for (String k : det.keywords()) {
                int ki = index.computeIfAbsent(k, x -> { patterns.add(x); return patterns.size() - 1; });
                byKeyword.computeIfAbsent(ki, x -> new ArrayList<>()).add(d);
            }
            int[] req = new int[det.requiresAny().size()];
            for (int r = 0; r < req.length; r++) {
                req[r] = index.computeIfAbsent(det.requiresAny().get(r), x -> { patterns.add(x); return patterns.size() - 1; });
            }
            requirements[d] = req;
        }
        this.keywords = KeywordAutomaton.build(patterns, true);
        this.keywordDetectors = new int[patterns.size()][];
        for (int k = 0; k < patterns.size(); k++) {
            this.keywordDetectors[k] = byKeyword.getOrDefault(k, List.of()).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
        this.processValues = KnownValues.of(processLiterals);
        Set<String> k = new TreeSet<>();
        for (Detector det : this.detectors) {
            k.add(det.kind());
        }
        this.kinds = Set.copyOf(k);
        Map<String, Integer> p = new HashMap<>();
        for (int d = 0; d < this.detectors.size(); d++) {
            p.putIfAbsent(this.detectors.get(d).id(), d);
        }
        this.priority = Map.copyOf(p);
        this.allEnabled = new boolean[this.detectors.size()];
        Arrays.fill(allEnabled, true);
        this.alwaysOn = IntStream.range(0, this.detectors.size()).filter(d -> this.detectors.get(d).alwaysOn()).toArray();
    }

    /** The built-in detector table with no process secrets: for tests, tools and log redaction. */
    public static Redactor builtIn() {
        return builder().build();
    }

    public static RedactorBuilder builder() {
        return new RedactorBuilder();
    }

    /** Every kind a detector of this redactor can report (for validating a {@code kinds} filter). */
    public Set<String> kinds() {
        return kinds;
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /** The keyword prefilter (for the prefilter-only baseline of the benchmarks). */
    KeywordAutomaton keywordAutomaton() {
        return keywords;
    }

    public int processSecretCount() {
        return processValues == null ? 0 : processValues.size();
    }

    public RedactionResult redact(String text) {
        return redact(text, RedactionOptions.NONE);
    }

    /** Redacted text only: the convenient form for log lines and error messages. */
    public String redactToString(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return redact(text).redacted();
    }

    public RedactionResult redact(String text, RedactionOptions options) {
        return redact(text, options, RedactionLimits.DEFAULT);
    }

    /**
     * Redaction within {@code limits}: throws {@link RedactionLimitException} as soon as one is crossed,
     * before the memory for the findings or the output is spent (for request handlers).
     */
    public RedactionResult redact(String text, RedactionOptions options, RedactionLimits limits) {
        List<Finding> findings = scan(text, options, knownValues(options, limits), limits);
        return new RedactionResult(apply(text, findings, 0, text.length(), limits.maxRedactedChars()), findings);
    }

    /** The request's known values compiled once (per call, or per stream); null when there are none. */
    KnownValues knownValues(RedactionOptions options, RedactionLimits limits) {
        return KnownValues.ofRequest(options, minRequestSecretLength, limits);
    }

    /** Streams {@code in} to {@code out} redacted, in bounded memory (see {@link RedactingWriter}). */
    public long redact(Reader in, Writer out) throws IOException {
        return redact(in, out, RedactionOptions.NONE);
    }

    public long redact(Reader in, Writer out, RedactionOptions options) throws IOException {
        try (RedactingWriter writer = new RedactingWriter(out, this, options, false)) {
            char[] buffer = new char[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                writer.write(buffer, 0, n);
            }
            writer.finish();
            return writer.findingCount();
        }
    }

    /** Finds and merges every secret span of {@code text}, offsets in {@code text}. */
    List<Finding> scan(CharSequence text, RedactionOptions options) {
        return scan(text, options, knownValues(options, RedactionLimits.DEFAULT), RedactionLimits.DEFAULT);
    }

    /** As {@link #scan(CharSequence, RedactionOptions)} with the request's values already compiled. */
    List<Finding> scan(CharSequence text, RedactionOptions options, KnownValues requestValues, RedactionLimits limits) {
        return scan(text, options, requestValues, limits, null);
    }

    /** As above; {@code streamValues} holds the secrets found earlier in the same stream (may be null). */
    List<Finding> scan(CharSequence text, RedactionOptions options, KnownValues requestValues, RedactionLimits limits,
                       FoundValues streamValues) {
        try {
            return scanOnce(text, options, requestValues, limits, streamValues);
        } finally {
            // the memo holds candidate values: do not keep them past the call
            ALLOW_MEMO.get().clear();
            ATTEMPT_MEMO.get().clear();
            ValueChecks.clearMemo();
        }
    }

    private List<Finding> scanOnce(CharSequence text, RedactionOptions options, KnownValues requestValues,
                                   RedactionLimits limits, FoundValues streamValues) {
        List<DecodedValue> decoded = new ArrayList<>();
        Decoders.Budget budget = new Decoders.Budget(limits.decoding().maxDecodedChars());
        List<Finding> merged = detect(text, options, requestValues, limits, budget, 0, decoded);
        return withRepeats(text, merged, decoded, streamValues, limits.maxFindings());
    }

    /** A secret as it reads once decoded, and the finding that named it (for every occurrence). */
    record DecodedValue(String value, Finding finding) {
    }

    /**
     * Detection on {@code text} and, below {@code depth} limit, on its decoded views: a view's findings are
     * mapped back onto the characters of {@code text} that encode them, and their decoded values collected
     * in {@code decoded}. Custom request patterns run on the text as written only (their work is bounded
     * per call, and decoded views would add to it).
     */
    private List<Finding> detect(CharSequence text, RedactionOptions options, KnownValues requestValues,
                                 RedactionLimits limits, Decoders.Budget budget, int depth, List<DecodedValue> decoded) {
        List<Finding> raw = new FindingList(limits.maxFindings());
        boolean[] enabled = allEnabled;
        if (options.kinds() != null) {
            enabled = new boolean[detectors.size()];
            for (int d = 0; d < enabled.length; d++) {
                enabled[d] = options.kinds().contains(detectors.get(d).kind());
            }
        }
        runDetectors(text, detectors, keywords::scan, keywords.size(), keywordDetectors, requirements, enabled, Long.MAX_VALUE, raw);
        for (int d : alwaysOn) {
            // configured custom patterns without keywords: no prefilter, the (linear-time) regex runs on all
            if (enabled[d]) {
                matchWindow(text, detectors.get(d), 0, text.length(), raw);
            }
        }
        if (depth == 0 && !options.customDetectors().isEmpty()) {
            runCustom(text, options, limits.maxCustomPatternWork(), raw);
        }
        findKnownValues(text, requestValues, raw);
        if (depth < limits.decoding().maxDepth()) {
            Decoders.decode(text, limits.decoding(), budget, view -> {
                for (Finding f : detect(view.text(), options, requestValues, limits, budget, depth + 1, decoded)) {
                    view.mapBack(f, raw);
                    decoded.add(new DecodedValue(view.text().substring(f.start(), f.end()), f));
                }
            });
        }
        if (raw.isEmpty()) {
            return raw; // the common case of a log line or a value: no sort, merge or concatenation pass
        }
        raw.sort(findingOrder);
        return merge(extendConcatenations(text, merge(raw)));
    }

    /** Row order; a finding made through a decoder ranks after every plain one on the same span. */
    private int priorityOf(Finding f) {
        String d = f.detector();
        Integer p = d == null ? null : priority.get(d);
        if (p != null) {
            return p;
        }
        if (d == null || !d.contains(DecodedView.VIA)) {
            return -1;
        }
        // through fewer layers first: the same blob found directly and inside a decoded line is "via base64"
        int layers = 0;
        for (int i = d.indexOf('>'); i >= 0; i = d.indexOf('>', i + 1)) {
            layers++;
        }
        return Integer.MAX_VALUE / 2 + layers;
    }

    /**
     * Every occurrence: the values found in this text (as written and as decoded; and, for a stream, earlier
     * in it) are searched again exactly, so a secret named once by its key is also removed where it repeats bare. Costs
     * nothing on text without findings.
     */
    private static List<Finding> withRepeats(CharSequence text, List<Finding> merged, List<DecodedValue> decoded,
                                             FoundValues streamValues, int maxFindings) {
        if (merged.isEmpty() && decoded.isEmpty() && streamValues == null) {
            return merged; // no value to look for again
        }
        FoundValues found = new FoundValues();
        found.addAll(text, merged);
        for (DecodedValue v : decoded) {
            // the decoded secret's plain and other encoded appearances go too, here and later in a stream
            found.add(v.value(), v.finding());
            if (streamValues != null) {
                streamValues.add(v.value(), v.finding());
            }
        }
        FoundValues.Scanner here = found.compile();
        FoundValues.Scanner earlier = streamValues == null ? null : streamValues.compiled();
        if (here == null && earlier == null) {
            return merged;
        }
        // the values are found again where they were named: the pass may see up to twice the final count
        List<Finding> again = new FindingList((int) Math.min(Integer.MAX_VALUE, 2L * maxFindings + 1));
        if (here != null) {
            here.find(text, again);
        }
        if (earlier != null) {
            earlier.find(text, again);
        }
        List<Finding> all = new ArrayList<>(merged.size() + again.size());
        all.addAll(merged);
        all.addAll(again);
        List<Finding> out = merge(all);
        if (out.size() > maxFindings) {
            throw new RedactionLimitException(RedactionLimitException.Limit.FINDINGS, maxFindings);
        }
        return out;
    }

    /**
     * A secret split over concatenated string literals ({@code "sk-..." + "..."}, or Python's implicit
     * {@code ("part1" "part2")}) leaks its tail unless the finding grows over every continuation
     * literal that looks like token material.
     */
    static List<Finding> extendConcatenations(CharSequence text, List<Finding> findings) {
        List<Finding> out = new ArrayList<>(findings.size());
        int len = text.length();
        for (Finding f : findings) {
            int end = f.end();
            while (end < len && isQuote(text.charAt(end))) {
                char q = text.charAt(end);
                int k = skipSpace(text, end + 1, len);
                if (k < len && (text.charAt(k) == '+' || text.charAt(k) == '.')) {
                    k = skipSpace(text, k + 1, len);
                }
                if (k >= len || text.charAt(k) != q || k == end + 1) {
                    break;
                }
                int t = k + 1;
                while (t < len && isTokenChar(text.charAt(t))) {
                    t++;
                }
                if (t - (k + 1) < 8 || t >= len || text.charAt(t) != q) {
                    break;
                }
                end = t;
            }
            out.add(end == f.end() ? f : new Finding(f.kind(), f.start(), end, f.detector()));
        }
        return out;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    private static int skipSpace(CharSequence text, int from, int len) {
        int i = from;
        while (i < len) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\\') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_' || c == '+' || c == '/' || c == '=' || c == '.' || c == '~';
    }

    /**
     * Per-request patterns. RE2J's time per character grows with the compiled size, and 50 patterns may
     * each scan the whole text, so their work (characters searched × compiled size) is bounded first.
     */
    private void runCustom(CharSequence text, RedactionOptions options, long maxWork, List<Finding> raw) {
        List<Detector> custom = new ArrayList<>();
        for (Detector d : options.customDetectors()) {
            if (options.kinds() == null || options.kinds().contains(d.kind())) {
                custom.add(d);
            }
        }
        List<Detector> keyed = new ArrayList<>();
        long work = 0;
        for (Detector d : custom) {
            if (d.alwaysOn()) {
                work = addWork(work, text.length(), d, maxWork);
            } else {
                keyed.add(d);
            }
        }
        for (Detector d : custom) {
            if (d.alwaysOn()) {
                matchWindow(text, d, 0, text.length(), raw);
            }
        }
        if (!keyed.isEmpty()) {
            Map<String, Integer> index = new HashMap<>();
            List<String> patterns = new ArrayList<>();
            Map<Integer, List<Integer>> byKeyword = new HashMap<>();
            for (int d = 0; d < keyed.size(); d++) {
                for (String k : keyed.get(d).keywords()) {
                    int ki = index.computeIfAbsent(k, x -> { patterns.add(x); return patterns.size() - 1; });
                    byKeyword.computeIfAbsent(ki, x -> new ArrayList<>()).add(d);
                }
            }
            int[][] kd = new int[patterns.size()][];
            for (int k = 0; k < kd.length; k++) {
                kd[k] = byKeyword.get(k).stream().mapToInt(Integer::intValue).distinct().toArray();
            }
            boolean[] on = new boolean[keyed.size()];
            Arrays.fill(on, true);
            // per-request keywords: the sparse automaton keeps their memory linear in their length
            SparseAutomaton automaton = SparseAutomaton.build(patterns, true);
            runDetectors(text, keyed, automaton::scanAll, patterns.size(), kd, new int[keyed.size()][0], on, maxWork - work, raw);
        }
    }

    /** One pass of a keyword automaton ({@link KeywordAutomaton} or {@link SparseAutomaton}) over text[from, to). */
    interface KeywordScan {
        void scan(CharSequence text, int from, int to, KeywordAutomaton.Sink sink);
    }

    private void runDetectors(CharSequence text, List<Detector> dets, KeywordScan automaton, int keywordCount,
                              int[][] kwDetectors, int[][] reqs, boolean[] enabled, long maxWork, List<Finding> raw) {
        DetectorScratch scratch = DetectorScratch.take(dets.size(), keywordCount);
        scratch.lines.reset(text);
        try {
            runDetectors(text, dets, automaton, kwDetectors, reqs, enabled, maxWork, raw, scratch);
        } finally {
            scratch.release();
        }
    }

    /**
     * The per-detector state of one scan, reused by the thread's next scan: a short text (a /check reason, a log line)
     * costs ~8 KB of arrays otherwise, most of a small call's allocation. Between scans every entry is clean (no
     * window, no attempt, no keyword seen); a scan notes the detectors and keywords it touches and only those are
     * cleaned after it, so a call's fixed cost does not grow with the table (356 rows, 820 keywords here).
     */
    private static final class DetectorScratch {
        private static final ThreadLocal<DetectorScratch> OWN = ThreadLocal.withInitial(DetectorScratch::new);
        /** Window lists longer than this are dropped after a scan rather than kept for the thread's lifetime. */
        private static final int KEEP_WINDOWS = 1024;

        int[] curEnd = new int[0];
        int[] lastStart = new int[0];
        int[][] windows = new int[0][];
        int[] windowCount = new int[0];
        boolean[] seen = new boolean[0];
        /** The detectors whose entries this scan changed, each once (a row is anchored or windowed, never both). */
        int[] touched = new int[0];
        int touchedCount;
        /** The keywords seen by this scan, each once. */
        int[] seenKeywords = new int[0];
        int seenCount;
        final NewlinesAhead lines = new NewlinesAhead();
        private boolean inUse;

        /** The thread's scratch for n detectors and k keywords; a fresh one if it is in use (a nested scan). */
        static DetectorScratch take(int n, int k) {
            DetectorScratch s = OWN.get();
            if (s.inUse) {
                s = new DetectorScratch();
            }
            s.inUse = true;
            if (s.curEnd.length < n) {
                // the entries past the old length start clean; the old ones are clean already
                int old = s.curEnd.length;
                s.curEnd = Arrays.copyOf(s.curEnd, n);
                s.lastStart = Arrays.copyOf(s.lastStart, n);
                Arrays.fill(s.curEnd, old, n, -1);
                Arrays.fill(s.lastStart, old, n, -1);
                s.windowCount = Arrays.copyOf(s.windowCount, n);
                s.windows = Arrays.copyOf(s.windows, n);
                s.touched = new int[n];
            }
            if (s.seen.length < k) {
                s.seen = new boolean[k];
                s.seenKeywords = new int[k];
            }
            return s;
        }

        /** Notes that detector d's entries change (called once per detector per scan). */
        void touch(int d) {
            touched[touchedCount++] = d;
        }

        void see(int kw) {
            if (!seen[kw]) {
                seen[kw] = true;
                seenKeywords[seenCount++] = kw;
            }
        }

        void release() {
            lines.clear();
            for (int t = 0; t < touchedCount; t++) {
                int d = touched[t];
                curEnd[d] = -1;
                lastStart[d] = -1;
                windowCount[d] = 0;
                if (windows[d] != null && windows[d].length > KEEP_WINDOWS) {
                    windows[d] = null;
                }
            }
            touchedCount = 0;
            for (int t = 0; t < seenCount; t++) {
                seen[seenKeywords[t]] = false;
            }
            seenCount = 0;
            inUse = false;
        }
    }

    private void runDetectors(CharSequence text, List<Detector> dets, KeywordScan automaton, int[][] kwDetectors,
                              int[][] reqs, boolean[] enabled, long maxWork, List<Finding> raw, DetectorScratch scratch) {
        int[] curEnd = scratch.curEnd;
        // The anchor start of each detector's last regex attempt: hits inside one identifier (passpasspass…)
        // share it, and one anchored attempt per start keeps the work linear in the text, not in the hits.
        int[] lastStart = scratch.lastStart;
        int[][] windows = scratch.windows;
        int[] windowCount = scratch.windowCount;
        boolean[] seen = scratch.seen;
        NewlinesAhead lines = scratch.lines;
        int length = text.length();
        automaton.scan(text, 0, length, (kw, s, e) -> {
            scratch.see(kw);
            for (int d : kwDetectors[kw]) {
                if (!enabled[d]) {
                    continue;
                }
                Detector det = dets.get(d);
                if (det.anchor() != Detector.Anchor.WINDOW) {
                    int start = anchorStart(text, s, det.anchor());
                    if (start >= 0 && start >= curEnd[d] && start != lastStart[d] && tokenBoundary(text, s, start, det.anchor())) {
                        if (lastStart[d] < 0) {
                            scratch.touch(d);
                        }
                        lastStart[d] = start;
                        curEnd[d] = Math.max(curEnd[d], matchAnchored(text, det, start, e, length, lines, raw));
                    }
                    continue;
                }
                if (e <= curEnd[d]) {
                    // Inside the open window: a line window already reaches this line's end. A multi-line
                    // window must grow so that a block starting near its end is seen whole; for long
                    // windows only hits in the second half recompute, keeping the cost linear.
                    if (det.linesAfter() == 0 || (det.linesAfter() > 8 && curEnd[d] - e >= det.maxForward() / 2)) {
                        continue;
                    }
                    int we = windowEnd(lines, e, det);
                    if (we > curEnd[d]) {
                        windows[d][2 * windowCount[d] - 1] = we;
                        curEnd[d] = we;
                    }
                    continue;
                }
                int ws = windowStart(text, s, det);
                int we = windowEnd(lines, e, det);
                int c = windowCount[d];
                if (c > 0 && ws <= curEnd[d]) {
                    windows[d][2 * c - 1] = we;
                } else {
                    if (c == 0) {
                        scratch.touch(d);
                    }
                    if (windows[d] == null) {
                        windows[d] = new int[8];
                    } else if (windows[d].length < 2 * c + 2) {
                        windows[d] = Arrays.copyOf(windows[d], windows[d].length * 2);
                    }
                    windows[d][2 * c] = ws;
                    windows[d][2 * c + 1] = we;
                    windowCount[d] = c + 1;
                }
                curEnd[d] = we;
            }
        });
        // the windowed detectors in row order, as a loop over every row would visit them
        int[] touched = scratch.touched;
        Arrays.sort(touched, 0, scratch.touchedCount);
        if (maxWork != Long.MAX_VALUE) {
            long work = 0;
            for (int t = 0; t < scratch.touchedCount; t++) {
                int d = touched[t];
                for (int w = 0; w < windowCount[d]; w++) {
                    work = addWork(work, windows[d][2 * w + 1] - windows[d][2 * w], dets.get(d), maxWork);
                }
            }
        }
        for (int t = 0; t < scratch.touchedCount; t++) {
            int d = touched[t];
            if (windowCount[d] == 0 || !requirementMet(reqs[d], seen)) {
                continue;
            }
            Detector det = dets.get(d);
            for (int w = 0; w < windowCount[d]; w++) {
                int ws = windows[d][2 * w];
                int we = windows[d][2 * w + 1];
                if (nearOk(text, det.near(), ws, we)) {
                    matchWindow(text, det, ws, we, raw);
                }
            }
        }
    }

    private static long addWork(long work, long chars, Detector det, long maxWork) {
        long size = Math.max(1, RegexSize.estimate(det.pattern().pattern()));
        long total = chars > (Long.MAX_VALUE - work) / size ? Long.MAX_VALUE : work + chars * size;
        if (total > maxWork) {
            throw new RedactionLimitException(RedactionLimitException.Limit.CUSTOM_PATTERN_WORK, maxWork);
        }
        return total;
    }

    private static boolean identifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * A token row's regex opens with {{L}} (checked by {@link DetectorTable}): the token starts at the text's start,
     * after a %XX escape or after a character other than an ASCII letter or digit. Checked here so that a keyword
     * hit inside a run of letters (AKIAAKIA…, aaaa…) costs nothing: only the run's first hit reaches the regex.
     */
    static boolean tokenBoundary(CharSequence text, int s, int start, Detector.Anchor anchor) {
        if (anchor != Detector.Anchor.TOKEN || start != s - 1) {
            return true;
        }
        char c = text.charAt(start);
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }

    private static boolean keyChar(char c, Detector.Anchor anchor) {
        return anchor != Detector.Anchor.SCHEME ? identifierChar(c) : (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-');
    }

    /** Where an anchored detector's regex starts for a keyword hit at {@code s}; -1 for none (a key past {@link #MAX_KEY}). */
    static int anchorStart(CharSequence text, int s, Detector.Anchor anchor) {
        switch (anchor) {
            case TOKEN -> {
                // one boundary character before the token, or a %XX escape (url-encoded contexts)
                if (s >= 3 && text.charAt(s - 3) == '%' && hex(text.charAt(s - 2)) && hex(text.charAt(s - 1))) {
                    return s - 3;
                }
                return Math.max(0, s - 1);
            }
            case KEY, ASSIGN, FLAG, SCHEME, LABEL -> {
                int i = s;
                int limit = Math.max(0, s - MAX_KEY);
                while (i > limit && keyChar(text.charAt(i - 1), anchor)) {
                    i--;
                }
                if (i == limit && limit > 0 && keyChar(text.charAt(limit - 1), anchor)) {
                    return -1; // no key is that long; retrying at every hit of a long run would cost its length each time
                }
                // "%3Fapi_key": the escape before the key is not part of it
                if (anchor != Detector.Anchor.SCHEME && i > 0 && text.charAt(i - 1) == '%' && i + 2 <= s && hex(text.charAt(i)) && hex(text.charAt(i + 1))) {
                    i += 2;
                }
                return i;
            }
            default -> {
                return s;
            }
        }
    }

    /** One anchored attempt; returns the end of what was matched (or {@code start} when nothing). */
    private int matchAnchored(CharSequence text, Detector det, int start, int hitEnd, int length, NewlinesAhead lines,
                              List<Finding> raw) {
        int limit = (int) Math.min(length, (long) hitEnd + det.maxForward());
        int end;
        switch (det.anchor()) {
            case TOKEN -> {
                // The regex needs only the token (a word keyword such as "Bearer" also the next token):
                // a short slice keeps RE2J's per-attempt work proportional to the token, and a prefix
                // not followed by token characters is rejected without running the regex at all.
                int run = tokenRun(text, hitEnd, limit);
                if (wordKeyword(text, hitEnd) && run - hitEnd < 8) {
                    int i = run;
                    int guard = Math.min(limit, i + 4);
                    while (i < guard && " \t:=\"'".indexOf(text.charAt(i)) >= 0) {
                        i++;
                    }
                    int next = tokenRun(text, i, limit);
                    if (next - i < 4) {
                        return start;
                    }
                    end = windowEnd(lines, hitEnd, det);
                } else {
                    if (run - hitEnd < 8 && run == hitEnd) {
                        return start;
                    }
                    end = Math.min(limit, run + 1);
                }
                if (det.linesAfter() > 0) {
                    end = windowEnd(lines, hitEnd, det);
                }
            }
            case SCHEME -> {
                // credentials need "user:password@" before the host: no '@' in the URL, no regex
                int i = hitEnd;
                int at = -1;
                while (i < limit && " \t\r\n\"'<>`/".indexOf(text.charAt(i)) < 0) {
                    if (text.charAt(i) == '@') {
                        at = i;
                    }
                    i++;
                }
                if (at < 0) {
                    return start;
                }
                while (i < limit && " \t\r\n\"'<>`".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                end = Math.min(limit, i + 1);
            }
            case ASSIGN -> {
                // "${DB_PASSWORD:-x}" / "${DB_PASSWORD:?required}": a reference with a default, not an assignment
                if (start >= 2 && text.charAt(start - 1) == '{' && text.charAt(start - 2) == '$') {
                    return start;
                }
                // "https://token:x@host": URL userinfo (url rows judge it), not "token: x"
                if (start >= 3 && text.charAt(start - 1) == '/' && text.charAt(start - 2) == '/' && text.charAt(start - 3) == ':') {
                    return start;
                }
                if (!assignmentFollows(text, hitEnd, length)) {
                    return start;
                }
                end = windowEnd(lines, hitEnd, det);
            }
            case LABEL -> {
                // "$ARCHIVE_PASSWORD" backup.7z: a variable reference passed on, not a label (VariableReferences)
                if (!labelFollows(text, hitEnd, length) || VariableReferences.inUse(text, start, length)) {
                    return start;
                }
                end = windowEnd(lines, hitEnd, det);
                // a plist pair spans lines ("<key>ClientSecret</key>\n\t<string>…"): the value is on the next one
                int keyEnd = keyEnd(text, hitEnd, length);
                if (end < length && keyEnd >= 0 && plistValueTag(text, keyEnd, length) > 0) {
                    end = lines.end(hitEnd, 2, det.maxForward());
                }
            }
            case KEY -> {
                // a quoted key ("api_key", 'DB_PASSWORD'): the identifier must open a string
                if (start == 0 || (text.charAt(start - 1) != '"' && text.charAt(start - 1) != '\'')) {
                    return start;
                }
                end = windowEnd(lines, hitEnd, det);
            }
            case FLAG -> {
                if (start >= length || text.charAt(start) != '-') {
                    return start;
                }
                end = windowEnd(lines, hitEnd, det);
            }
            default -> end = windowEnd(lines, hitEnd, det);
        }
        return matchAt(text, det, start, end, raw);
    }

    /** A keyword that is a word (Bearer, Basic, Authorization) rather than a token prefix (ghp_, AKIA). */
    private static boolean wordKeyword(CharSequence text, int hitEnd) {
        int n = 0;
        int i = hitEnd - 1;
        while (i >= 0 && Character.isLetter(text.charAt(i))) {
            n++;
            i--;
        }
        return n >= 5;
    }

    private static int tokenRun(CharSequence text, int from, int limit) {
        int i = from;
        while (i < limit && tokenCharAt(text, i)) {
            i++;
        }
        return i;
    }

    private static boolean tokenCharAt(CharSequence text, int i) {
        char c = text.charAt(i);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '-' || c == '.' || c == '+' || c == '/' || c == '=' || c == '~' || c == ':' || c == '$' || c == '%';
    }

    private static int tokenChars(CharSequence text, int from, int length, int want) {
        int n = 0;
        for (int i = from; i < length && n < want && tokenCharAt(text, i); i++) {
            n++;
        }
        return n;
    }

    /** Length of an HTML-escaped quote (&quot; &#34; &#x22; &#39; &apos;) at {@code i}, else 0. */
    private static int htmlQuote(CharSequence text, int i, int length) {
        if (i >= length || text.charAt(i) != '&') {
            return 0;
        }
        for (String e : HTML_QUOTES) {
            if (i + e.length() <= length && text.subSequence(i, i + e.length()).toString().equals(e)) {
                return e.length();
            }
        }
        return 0;
    }

    private static final String[] HTML_QUOTES = {"&quot;", "&#34;", "&#x22;", "&#39;", "&apos;"};

    /**
     * The end of the identifier holding a keyword that ends at {@code from}, or -1 past {@link #MAX_KEY} characters:
     * no key is that long, and an unbounded scan per keyword hit would make a long identifier run (passpasspass…)
     * quadratic.
     */
    private static int keyEnd(CharSequence text, int from, int length) {
        int limit = (int) Math.min(length, (long) from + MAX_KEY);
        int i = from;
        while (i < limit && identifierChar(text.charAt(i))) {
            i++;
        }
        return i < length && i == limit && identifierChar(text.charAt(i)) ? -1 : i;
    }

    /** After the identifier holding the keyword: optional quote/bracket, a separator, then 4+ value characters. */
    static boolean assignmentFollows(CharSequence text, int from, int length) {
        int i = keyEnd(text, from, length);
        if (i < 0) {
            return false;
        }
        int guard = i + 4;
        while (i < length && i < guard && (text.charAt(i) == '"' || text.charAt(i) == '\'' || text.charAt(i) == '`'
            || text.charAt(i) == '\\' || text.charAt(i) == ']')) {
            i++;
        }
        // %22 / %27: a url-encoded closing quote after the key (JSON inside a query string)
        if (i + 2 < length && text.charAt(i) == '%' && text.charAt(i + 1) == '2'
            && (text.charAt(i + 2) == '2' || text.charAt(i + 2) == '7')) {
            i += 3;
        }
        i += htmlQuote(text, i, length);
        i = CharSequences.skipBlanks(text, i, length);
        if (i >= length) {
            return false;
        }
        // "var apiToken string = …": a type between the key and the operator
        int type = declaredType(text, i, length, false);
        if (type > 0) {
            i += type;
            i = CharSequences.skipBlanks(text, i, length);
        }
        // Make's "?=" "::=" ":::=", PHP's ".=", "+=", "||=", "??=": an operator ending in '='
        int op = i;
        while (op < length && op < i + 3 && "?.+|:".indexOf(text.charAt(op)) >= 0) {
            op++;
        }
        if (op > i + (text.charAt(i) == ':' ? 1 : 0) && op < length && text.charAt(op) == '=') {
            i = op;
        }
        if (i >= length) {
            return false;
        }
        char c = text.charAt(i);
        if (c == '%' && i + 2 < length && text.charAt(i + 1) == '3'
            && "DdAa".indexOf(text.charAt(i + 2)) >= 0) {
            i += 3;
        } else if (c == ':' || c == '=') {
            i++;
            // "=>", ":=", and LDIF's "::" before a base64 value (userPassword:: …)
            if (i < length && (text.charAt(i) == '=' || text.charAt(i) == '>' || (c == ':' && text.charAt(i) == ':'))) {
                i++;
            }
        } else {
            return false;
        }
        i = CharSequences.skipBlanks(text, i, length);
        if (i < length && text.charAt(i) == '&') {
            // a YAML anchor before the value (password: &db_pw …)
            i += yamlAnchor(text, i, length);
        }
        boolean quoted = false;
        while (i < length && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '"'
            || text.charAt(i) == '\'' || text.charAt(i) == '`' || text.charAt(i) == '\\')) {
            quoted |= text.charAt(i) != ' ' && text.charAt(i) != '\t';
            i++;
        }
        int entity = htmlQuote(text, i, length);
        if (entity > 0) {
            i += entity;
            quoted = true;
        }
        // string prefixes: b"...", r'...', rb"...", C# @"..."
        int p = i;
        while (p < length && p < i + 2 && "rRbBuU@".indexOf(text.charAt(p)) >= 0) {
            p++;
        }
        if (p > i && p < length && (text.charAt(p) == '"' || text.charAt(p) == '\'')) {
            i = p + 1;
            quoted = true;
        }
        // inside quotes only the closing quote or the line end stops the value ("Pa;ss w,rd")
        int n = 0;
        while (i < length && n < 4) {
            char v = text.charAt(i);
            if (v == '\n' || v == '\r' || v == '"' || v == '\''
                || (!quoted && (v == ' ' || v == '\t' || v == ',' || v == ';' || v == '&'))) {
                break;
            }
            n++;
            i++;
        }
        return n >= 4;
    }

    /**
     * The cheap precheck of a {@code LABEL} row: after the identifier, at most 16 characters of quotes,
     * separators and the words "is"/"was", then 8+ characters that could be a value. Most keyword hits
     * in ordinary text ("token_count=512", "press any key to") stop here, before the regex.
     */
    static boolean labelFollows(CharSequence text, int from, int length) {
        int i = keyEnd(text, from, length);
        if (i < 0 || plistKeyElement(text, from, length)) {
            return false;
        }
        // "Key ID": the label's second word
        if (i + 3 <= length && text.charAt(i) == ' ' && (text.charAt(i + 1) == 'I' || text.charAt(i + 1) == 'i')
            && (text.charAt(i + 2) == 'D' || text.charAt(i + 2) == 'd') && (i + 3 == length || !identifierChar(text.charAt(i + 3)))) {
            i += 3;
        }
        if (prepositionFollows(text, i, length)) {
            // prose: "the api token for staging is …"; the row's regex decides (a few words, then "is"/"was")
            return true;
        }
        int guard = Math.min(length, i + 16);
        boolean separated = false;
        boolean colon = false;
        while (i < guard) {
            char c = text.charAt(i);
            if (" \t:=>-,\"'`\\]}?.+|*@[<\u2192\u21d2\u2254\u2014\u2013\uff1a\u2502\u2503".indexOf(c) >= 0) {
                // also Nim's "apiToken* =", R's "<-", Objective-C's @"…", arrows, a full-width colon (sec10), a
                // box-drawing cell border (doppler/op/CLI tables drawn with │, sec12)
                separated = true;
                colon |= c == ':';
                i += c == '<' ? Math.max(1, plistValueTag(text, i, length)) : 1;
            } else if (separated && declaredType(text, i, length, colon) > 0) {
                // "var apiToken string = …", "api_key: []const u8 = …": a type between the label and the operator
                i += declaredType(text, i, length, colon);
            } else if (c == '&' && yamlAnchor(text, i, length) > 0) {
                // "password: &db_pw …": a YAML anchor before the value
                i += yamlAnchor(text, i, length);
            } else if (c == '&' || c == '%') {
                // an HTML entity (&quot; &gt;) or a %XX escape (%3D, %22) standing for a separator or quote
                int j = i + 1;
                while (j < guard && j < i + 7 && text.charAt(j) != ';' && Character.isLetterOrDigit(text.charAt(j))) {
                    j++;
                }
                if (c == '&' && j < guard && text.charAt(j) == ';') {
                    i = j + 1;
                } else if (c == '%' && j >= i + 3) {
                    i += 3;
                } else {
                    break;
                }
                separated = true;
            } else if ((c == 'i' || c == 'I' || c == 'w') && i + 3 < length && wordSeparator(text, i)) {
                i = text.charAt(i) == 'w' ? i + 3 : i + 2;
            } else {
                break;
            }
        }
        if (!separated) {
            return false;
        }
        int n = 0;
        while (i < length && n < 8) {
            char v = text.charAt(i);
            if (v <= ' ' || v == '"' || v == '\'' || v == '<' || v == ';') {
                break;
            }
            n++;
            i++;
        }
        return n >= 8;
    }

    private static final String[] PREPOSITIONS = {"for", "of", "on", "in", "at", "to"};

    /** One space or tab at i, then a preposition ("for", "of", …, any case) and a space or tab. */
    private static boolean prepositionFollows(CharSequence text, int i, int length) {
        if (i >= length || (text.charAt(i) != ' ' && text.charAt(i) != '\t')) {
            return false;
        }
        for (String p : PREPOSITIONS) {
            int end = i + 1 + p.length();
            if (end >= length || (text.charAt(end) != ' ' && text.charAt(end) != '\t')) {
                continue;
            }
            int k = 0;
            while (k < p.length() && Character.toLowerCase(text.charAt(i + 1 + k)) == p.charAt(k)) {
                k++;
            }
            if (k == p.length()) {
                return true;
            }
        }
        return false;
    }

    /** The length of a string type name ("string", "String", "str") followed by a separator at i, else 0. */
    private static int declaredType(CharSequence text, int i, int length, boolean afterColon) {
        if (afterColon) {
            // any type name after a colon, then whitespace and "=" ("secretKey : Text =", "key: []const u8 =")
            int end = i;
            while (end < length && end < i + 16 && identifierChar(text.charAt(end))) {
                end++;
            }
            int j = CharSequences.skipBlanks(text, end, length);
            if (end > i && j > end && j < length && (text.charAt(j) == '=' || (end - i == 5 && "const".contentEquals(text.subSequence(i, end))))) {
                return end - i;
            }
        }
        for (String type : new String[] {"string", "String", "str"}) {
            int end = i + type.length();
            if (end >= length || " \t=:".indexOf(text.charAt(end)) < 0) {
                continue;
            }
            int k = 0;
            while (k < type.length() && text.charAt(i + k) == type.charAt(k)) {
                k++;
            }
            if (k == type.length()) {
                return k;
            }
        }
        return 0;
    }

    /**
     * A plist's "<key>" element name ending at {@code from} ("<key>ClientSecret</key> <string>…"): the label is the
     * element's text, read from its own keyword hit; as a label itself, "key" would take the name as its value.
     */
    private static boolean plistKeyElement(CharSequence text, int from, int length) {
        if (from < 4 || from >= length || text.charAt(from) != '>' || text.charAt(from - 4) != '<' || !CharSequences.startsWith(text, from - 3, length, "key")) {
            return false;
        }
        int j = from + 1;
        while (j < length && j < from + 80 && text.charAt(j) != '<') {
            j++;
        }
        return plistValueTag(text, j, length) > 0;
    }

    /** The length of a plist's "</key>", whitespace and "<string>" at i (the value of the key follows), else 0. */
    private static int plistValueTag(CharSequence text, int i, int length) {
        if (!CharSequences.startsWith(text, i, length, "</key>")) {
            return 0;
        }
        int j = i + 6;
        while (j < length && j < i + 64 && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return CharSequences.startsWith(text, j, length, "<string>") ? j + 8 - i : 0;
    }

    /** The length of a YAML anchor "&name " at i, else 0. */
    private static int yamlAnchor(CharSequence text, int i, int length) {
        int j = i + 1;
        while (j < length && j < i + 40 && (identifierChar(text.charAt(j)) || text.charAt(j) == '-')) {
            j++;
        }
        return j > i + 1 && j < length && (text.charAt(j) == ' ' || text.charAt(j) == '\t') ? j + 1 - i : 0;
    }

    /** "is " / "was " (any case of "is") between a label and its value. */
    private static boolean wordSeparator(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c == 'w') {
            return i + 3 < text.length() && text.charAt(i + 1) == 'a' && text.charAt(i + 2) == 's' && text.charAt(i + 3) == ' ';
        }
        char d = text.charAt(i + 1);
        return (d == 's' || d == 'S') && text.charAt(i + 2) == ' ' && i > 0 && text.charAt(i - 1) == ' ';
    }

    /**
     * Per-thread memo of anchored attempts within one scan, keyed by the detector and the exact slice: the outcome
     * (the secret's span in the slice or none, where the attempt ends) depends on nothing else, and logs repeat
     * lines ({@code token_count=512)}), each attempt costing two RE2J runs and the value checks. Cleared with
     * {@link #ALLOW_MEMO} at the end of each scan (slices may hold secrets).
     */
    private static final ThreadLocal<Map<Attempt, int[]>> ATTEMPT_MEMO = ThreadLocal.withInitial(HashMap::new);

    /** One anchored attempt's input (detectors compare by identity). */
    private record Attempt(Detector detector, String slice) {
    }

    private int matchAt(CharSequence text, Detector det, int start, int end, List<Finding> raw) {
        if (!mayMatch(det.required(), text, start, end)) {
            return start;
        }
        Map<Attempt, int[]> memo = ATTEMPT_MEMO.get();
        Attempt attempt = new Attempt(det, text.subSequence(start, end).toString());
        int[] known = memo.get(attempt);
        if (known != null) {
            if (known[1] >= 0) {
                raw.add(new Finding(det.kind(), start + known[1], start + known[2], det.id()));
            }
            return start + known[0];
        }
        int before = raw.size();
        int next = attemptAt(text, det, start, attempt.slice(), raw);
        int[] outcome = {next - start, -1, -1};
        if (raw.size() > before) {
            Finding f = raw.get(raw.size() - 1);
            outcome[1] = f.start() - start;
            outcome[2] = f.end() - start;
        }
        if (memo.size() >= 4096) {
            memo.clear();
        }
        memo.put(attempt, outcome);
        return next;
    }

    private int attemptAt(CharSequence text, Detector det, int start, String slice, List<Finding> raw) {
        int[] groups = new int[2 * (1 + det.anchoredPattern().groupCount())];
        if (!lookingAt(det, slice, groups)) {
            return start;
        }
        int g = secretGroup(groups, det.secretGroups());
        int gs = groups[2 * g];
        int ge = groups[2 * g + 1];
        int k = det.keyGroup();
        String key = k >= 0 && groups[2 * k] >= 0 ? text.subSequence(start + groups[2 * k], start + groups[2 * k + 1]).toString() : null;
        if (ge > gs) {
            accept(text, det, start + gs, start + ge, key, raw);
        }
        return start + Math.max(ge, 1);
    }

    /**
     * The anchored match and its groups: by the backtracker where the slice fits its bitmap (~3× faster than RE2J's NFA
     * on the table's assignment rows, same answer), else by the NFA with the groups in the same pass (lookingAt then
     * start(g) would run it twice).
     */
    static boolean lookingAt(Detector det, String slice, int[] groups) {
        BitStateMatch backtracker = det.anchoredBitState();
        int found = backtracker == null ? BitStateMatch.GAVE_UP : backtracker.lookingAt(slice, groups);
        return found == BitStateMatch.GAVE_UP ? OnePassGroups.lookingAt(det.anchoredPattern(), slice, groups)
            : found == BitStateMatch.MATCH_FOUND;
    }

    /**
     * The leftmost match from {@code from} in a window and its groups: by the backtracker at each occurrence of the
     * literal every match starts with (PEM headers) where the row has one, else (or when it gives up) by the NFA.
     */
    private static boolean find(Detector det, Slice slice, String window, int from, int[] groups) {
        BitStateMatch backtracker = det.windowBitState();
        int found = backtracker == null ? BitStateMatch.GAVE_UP : backtracker.find(window, from, groups);
        return found == BitStateMatch.GAVE_UP ? OnePassGroups.find(det.pattern(), slice, from, groups)
            : found == BitStateMatch.MATCH_FOUND;
    }

    /** As {@link #secretGroup(Matcher, int[])} for the groups {@link OnePassGroups} reports. */
    private static int secretGroup(int[] found, int[] groups) {
        for (int g : groups) {
            if (found[2 * g] >= 0) {
                return g;
            }
        }
        return 0;
    }

    /** The first of {@code groups} that took part in the match, else 0 (the whole match) is the secret. */
    private static int secretGroup(Matcher m, int[] groups) {
        for (int g : groups) {
            if (m.start(g) >= 0) {
                return g;
            }
        }
        return 0;
    }

    private static boolean nearOk(CharSequence text, List<String> near, int ws, int we) {
        if (near.isEmpty()) {
            return true;
        }
        for (String n : near) {
            int i = text instanceof String s ? s.indexOf(n, ws)
                : text instanceof StringBuilder b ? b.indexOf(n, ws) : text.toString().indexOf(n, ws);
            if (i >= 0 && i + n.length() <= we) {
                return true;
            }
        }
        return false;
    }

    private static boolean requirementMet(int[] req, boolean[] seen) {
        if (req.length == 0) {
            return true;
        }
        for (int r : req) {
            if (seen[r]) {
                return true;
            }
        }
        return false;
    }

    private static int windowStart(CharSequence text, int s, Detector det) {
        int limit = Math.max(0, s - det.maxBack());
        int lines = det.linesBefore();
        int i = s;
        while (i > limit) {
            if (text.charAt(i - 1) == '\n') {
                if (lines == 0) {
                    break;
                }
                lines--;
            }
            i--;
        }
        return i;
    }

    /** The end of the row's window after a hit ending at {@code e}: {@code linesAfter} lines on, at most {@code maxForward}. */
    private static int windowEnd(NewlinesAhead lines, int e, Detector det) {
        return lines.end(e, det.linesAfter(), det.maxForward());
    }

    /** False only when {@code required} proves the regex cannot match in text[from, to). */
    private static boolean mayMatch(RequiredLiterals required, CharSequence text, int from, int to) {
        return required == null || required.mayMatch(text, from, to);
    }

    private void matchWindow(CharSequence text, Detector det, int ws, int we, List<Finding> raw) {
        if (!mayMatch(det.required(), text, ws, we)) {
            return;
        }
        Slice slice = new Slice(text, ws, we);
        String window = det.windowBitState() == null ? null : slice.toString();
        // each match with its groups in one pass (find(pos) then start(g) would run the NFA twice)
        int[] groups = new int[2 * (1 + det.pattern().groupCount())];
        int pos = 0;
        int len = slice.length();
        while (pos <= len && find(det, slice, window, pos, groups)) {
            int g = secretGroup(groups, det.secretGroups());
            int gs = groups[2 * g];
            int ge = groups[2 * g + 1];
            int k = det.keyGroup();
            String key = k >= 0 && groups[2 * k] >= 0 ? text.subSequence(ws + groups[2 * k], ws + groups[2 * k + 1]).toString() : null;
            if (ge > gs) {
                if (det.values() != null) {
                    matchValues(text, det, ws + gs, ws + ge, key, raw);
                } else {
                    accept(text, det, ws + gs, ws + ge, key, raw);
                }
            }
            pos = Math.max(ge, groups[0] + 1);
            if (groups[1] == groups[0] && pos <= groups[0]) {
                pos = groups[0] + 1;
            }
        }
    }

    private void matchValues(CharSequence text, Detector det, int bs, int be, String key, List<Finding> raw) {
        if (!mayMatch(det.valuesRequired(), text, bs, be)) {
            return;
        }
        Matcher m = det.values().matcher(new Slice(text, bs, be));
        int pos = 0;
        while (pos <= be - bs && m.find(pos)) {
            int g = secretGroup(m, det.valueGroups());
            int gs = m.start(g);
            int ge = m.end(g);
            if (ge > gs) {
                accept(text, det, bs + gs, bs + ge, key, raw);
            }
            pos = Math.max(ge, m.start() + 1);
        }
    }

    private void accept(CharSequence text, Detector det, int s, int e, String key, List<Finding> raw) {
        String value = text.subSequence(s, e).toString();
        if (value.length() < det.minLength()) {
            return;
        }
        if (det.minEntropy() > 0 && ValueChecks.entropy(value) < det.minEntropy()) {
            return;
        }
        // Every condition is a pure test of the value (and key), so their order changes only the cost: the row's own
        // allow rows and checks come before the global placeholder list, which runs ~20 regexes on a new value and
        // would otherwise do so for every number or word a check rejects at once (token_count=512).
        List<Pattern> allow = det.allow();
        for (int a = 0; a < allow.size(); a++) {
            if (mayMatch(det.allowRequired(a), value, 0, value.length()) && allow.get(a).matcher(value).find()) {
                return;
            }
        }
        for (String check : det.checks()) {
            if (!ValueChecks.apply(check, value, key)) {
                return;
            }
        }
        if (det.anchor() == Detector.Anchor.TOKEN && ValueChecks.placeholderBody(value)) {
            return;
        }
        if (det.placeholderCheck() && placeholder(value)) {
            return;
        }
        raw.add(new Finding(det.kind(), s, e, det.id()));
    }

    /** Per-thread memo of the global allow-list verdicts within one scan: logs repeat their values. */
    private static final ThreadLocal<Map<String, Boolean>> ALLOW_MEMO = ThreadLocal.withInitial(HashMap::new);

    private boolean placeholder(String value) {
        Map<String, Boolean> memo = ALLOW_MEMO.get();
        Boolean known = memo.get(value);
        if (known != null) {
            return known;
        }
        boolean allowed = false;
        // a new value (~700 per 10 MiB of logs: the real secrets) is read once for all rows' literals, not once per row
        long rows = globalAllowRows == null ? 0 : globalAllowRows.rows(value);
        for (int a = 0; a < globalAllow.size(); a++) {
            boolean may = globalAllowRows != null ? (rows >>> a & 1L) != 0 : mayMatch(globalAllowRequired[a], value, 0, value.length());
            if (may && globalAllow.get(a).matcher(value).find()) {
                allowed = true;
                break;
            }
        }
        if (memo.size() > 4096) {
            memo.clear();
        }
        memo.put(value, allowed);
        return allowed;
    }

    private void findKnownValues(CharSequence text, KnownValues requestValues, List<Finding> raw) {
        if (processValues != null) {
            processValues.find(text, raw);
        }
        if (requestValues != null) {
            requestValues.find(text, raw);
        }
    }

    /** Sorts and merges overlapping spans; the earliest (then longest) finding names the merged span. */
    static List<Finding> merge(List<Finding> raw) {
        if (raw.size() <= 1) {
            return raw;
        }
        // stable: callers may have ordered equal spans by preference already
        raw.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::end).reversed()));
        List<Finding> out = new ArrayList<>();
        Finding cur = raw.get(0);
        for (int i = 1; i < raw.size(); i++) {
            Finding f = raw.get(i);
            if (f.start() < cur.end()) {
                if (f.end() > cur.end()) {
                    cur = new Finding(cur.kind(), cur.start(), f.end(), cur.detector());
                }
            } else {
                out.add(cur);
                cur = f;
            }
        }
        out.add(cur);
        return out;
    }

    /** text[from, to) with each finding (sorted, merged, inside the range) replaced. */
    static String apply(CharSequence text, List<Finding> findings, int from, int to) {
        return apply(text, findings, from, to, Long.MAX_VALUE);
    }

    /** As above; throws {@link RedactionLimitException} once the output passes {@code maxChars}. */
    static String apply(CharSequence text, List<Finding> findings, int from, int to, long maxChars) {
        if (findings.isEmpty() && text instanceof String s && from == 0 && to == s.length() && to <= maxChars) {
            return s; // nothing to replace: the text itself, not a copy (most log lines and values)
        }
        StringBuilder out = new StringBuilder((int) Math.min(to - from + 32L, Math.min(maxChars, Integer.MAX_VALUE - 8)));
        int pos = from;
        for (Finding f : findings) {
            int s = Math.max(f.start(), from);
            int e = Math.min(f.end(), to);
            if (e <= s && !(f.start() >= from && f.start() < to)) {
                continue;
            }
            out.append(text, pos, Math.max(pos, s));
            out.append("[REDACTED:").append(f.kind()).append(']');
            pos = Math.max(pos, e);
            if (out.length() > maxChars) {
                throw new RedactionLimitException(RedactionLimitException.Limit.REDACTED_CHARS, maxChars);
            }
        }
        if (out.length() + (long) (to - pos) > maxChars) {
            throw new RedactionLimitException(RedactionLimitException.Limit.REDACTED_CHARS, maxChars);
        }
        out.append(text, pos, to);
        return out.toString();
    }
}
