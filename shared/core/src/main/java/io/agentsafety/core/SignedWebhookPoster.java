package io.agentsafety.core;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs a batch of JSON webhooks, signed with {@link WebhookSignature}, all at once, each exchange (connect, headers
 * and body) bounded by the one timeout, and waits for every answer: a batch takes about one timeout however many receivers hang, and nothing runs after the
 * scheduled invocation that called it. No redirects are followed. Used by the approvals notifier and the budget
 * alerts function, so every webhook of the service is sent and signed the same way.
 */
public final class SignedWebhookPoster implements AutoCloseable {

    /** One webhook: what it is about (handed back in its result), its JSON body and its extra headers. */
    public record Post<T>(T subject, String json, Map<String, String> headers) {
    }

    /** The outcome of one POST: null error = delivered (2xx). Errors name a status or an exception kind, never the URL. */
    public record Result<T>(T subject, String error) {
        public boolean delivered() {
            return error == null;
        }
    }

    private final URI url;
    private final byte[] secret;
    private final Duration timeout;
    private final String userAgent;
    private final ExecutorService executor;
    private final HttpClient client;

    public SignedWebhookPoster(URI url, String secret, Duration timeout, String userAgent) {
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, userAgent + "-webhook");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public <T> List<Result<T>> postAll(List<Post<T>> posts) {
        List<CompletableFuture<Result<T>>> futures = new ArrayList<>(posts.size());
        for (Post<T> post : posts) {
            HttpRequest request;
            try {
                request = request(post);
            } catch (IllegalArgumentException e) {
                // a header value no request may carry (e.g. another writer's entry): fails like any other attempt
                futures.add(CompletableFuture.completedFuture(new Result<>(post.subject(), "invalid_entry")));
                continue;
            }
            // The request's own timeout ends at the response headers; a receiver that then dribbles its body
            // would stretch the batch. The whole exchange gets one deadline, and the status, known from the
            // headers, decides: a 2xx whose body is still coming was accepted (the body is discarded anyway).
            AtomicInteger status = new AtomicInteger();
            futures.add(client.sendAsync(request, info -> {
                    status.set(info.statusCode());
                    return HttpResponse.BodySubscribers.discarding();
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    int code = response != null ? response.statusCode() : status.get();
                    if (code == 0) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new Result<>(post.subject(), cause.getClass().getSimpleName());
                    }
                    return new Result<>(post.subject(), code >= 200 && code < 300 ? null : "HTTP " + code);
                }));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest request(Post<?> post) {
        byte[] body = post.json().getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", userAgent)
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        post.headers().forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return request.build();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
