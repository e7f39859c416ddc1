package io.agentsafety.budget;

import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.TextScrubber;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /budgets?limit=&cursor=&breaker=}: the budgets of the index of runs, newest first, each item exactly the
 * body of {@code GET /budget/{run_id}}; {@code next_cursor} continues, null at the end. Query parameters are checked
 * like the other list routes: unknown or repeated ones, a limit outside 1..200, a cursor this API did not return,
 * a breaker other than {@code open}/{@code closed} → 400 naming each.
 */
@Singleton
public class BudgetListApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final Set<String> PARAMS = Set.of("limit", "cursor", "breaker");

    private final BudgetRunList runs;
    private final BudgetApi api;
    private final TextScrubber scrubber;

    public BudgetListApi(BudgetRunList runs, BudgetApi api, TextScrubber scrubber) {
        this.runs = runs;
        this.api = api;
        this.scrubber = scrubber;
    }

    public ApiResult list(Map<String, List<String>> query) {
        List<Problem.FieldError> errors = new ArrayList<>();
        query.forEach((name, values) -> {
            if (!PARAMS.contains(name)) {
                errors.add(new Problem.FieldError(cleanName(name), "is not a known query parameter (allowed: breaker, cursor, limit)"));
            } else if (values.size() > 1) {
                errors.add(new Problem.FieldError(name, "must be given once"));
            }
        });
        int limit = DEFAULT_LIMIT;
        String limitText = single(query, "limit");
        if (limitText != null) {
            if (!limitText.matches("[0-9]{1,9}")) {
                errors.add(new Problem.FieldError("limit", "must be a whole number between 1 and " + MAX_LIMIT));
            } else {
                limit = Integer.parseInt(limitText);
                if (limit < 1 || limit > MAX_LIMIT) {
                    errors.add(new Problem.FieldError("limit", "must be between 1 and " + MAX_LIMIT));
                }
            }
        }
        BudgetIndex.Entry cursor = null;
        String cursorText = single(query, "cursor");
        if (cursorText != null) {
            cursor = BudgetCursor.parse(cursorText);
            if (cursor == null) {
                errors.add(new Problem.FieldError("cursor", "is not a cursor this API returned"));
            }
        }
        Boolean circuitOpen = null;
        String breaker = single(query, "breaker");
        if (breaker != null) {
            switch (breaker) {
                case "open" -> circuitOpen = true;
                case "closed" -> circuitOpen = false;
                default -> errors.add(new Problem.FieldError("breaker", "must be open or closed"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        BudgetRunList.Page page = runs.page(cursor, limit, circuitOpen);
        List<Map<String, Object>> budgets = new ArrayList<>(page.budgets().size());
        for (LedgerResult status : page.budgets()) {
            budgets.add(api.status(status));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("budgets", budgets);
        body.put("next_cursor", page.next() == null ? null : BudgetCursor.encode(page.next()));
        return new ApiResult(200, body, false);
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Caller-chosen names are redacted first (while a secret still has its own shape: {@code password=…} stops
     * being one once its {@code =} is replaced), then quoted only as safe characters, cut short.
     */
    private String cleanName(String name) {
        String cleaned = scrubber.scrub(name).replaceAll("[^A-Za-z0-9_.:\\[\\]\\-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
