package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.StreamingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one Micronaut (Netty) {@link StreamingHttpClient} of the E2B backend, with absolute request URIs
 * (control plane and every sandbox's envd share it). Error statuses are answers, not exceptions, and every
 * call has its own deadline: the client's read timeout is only a backstop, longer than envd's keepalive
 * interval so a silent command is never cut by it.
 */
final class E2bHttp implements AutoCloseable {

    /** Receives one streamed response; called on the Netty event loop, so it must not block. */
    interface StreamHandler {
        void onStatus(int status, Map<String, String> headers);

        void onChunk(byte[] chunk);

        void onComplete();

        void onError(Throwable error);
    }

    /** A started stream; cancel closes the connection. */
    interface Cancellable {
        void cancel();
    }

    static final String USER_AGENT = "agent-safety-e2b-java/0.1";
    private static final Duration READ_BACKSTOP = Duration.ofMinutes(11);

    private final StreamingHttpClient client;

    E2bHttp() {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setExceptionOnErrorStatus(false);
        configuration.setFollowRedirects(false);
        configuration.setReadTimeout(READ_BACKSTOP);
        configuration.setReadIdleTimeout(READ_BACKSTOP);
        configuration.setConnectTimeout(Duration.ofSeconds(10));
        configuration.setMaxContentLength(16 * 1024 * 1024);
        this.client = StreamingHttpClient.create(null, configuration);
    }

    /** Sends a request and reads the whole (small) answer within {@code timeout}. */
    HttpReply call(MutableHttpRequest<?> request, Duration timeout) {
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        client.exchange(request, Argument.of(byte[].class), Argument.of(byte[].class))
            .subscribe(new Subscriber<HttpResponse<byte[]>>() {
                @Override
                public void onSubscribe(Subscription s) {
                    subscription.set(s);
                    s.request(1);
                }

                @Override
                public void onNext(HttpResponse<byte[]> response) {
                    reply.complete(toReply(response, response.getBody(byte[].class).orElse(new byte[0])));
                }

                @Override
                public void onError(Throwable t) {
                    if (t instanceof HttpClientResponseException e) {
                        reply.complete(toReply(e.getResponse(), e.getResponse().getBody(byte[].class).orElse(new byte[0])));
                    } else {
                        reply.completeExceptionally(t);
                    }
                }

                @Override
                public void onComplete() {
                    reply.completeExceptionally(new IllegalStateException("no response"));
                }
            });
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
            throw new SandboxException(SandboxException.Kind.TIMEOUT,
                "E2B did not answer " + request.getMethodName() + " " + request.getPath() + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "interrupted while calling E2B");
        } catch (ExecutionException e) {
            throw E2bErrors.transport(request.getMethodName() + " " + request.getPath(), e.getCause());
        }
    }

    /** Starts a streamed request; chunks are handed over as they arrive (one at a time, in order). */
    Cancellable stream(MutableHttpRequest<?> request, StreamHandler handler) {
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        client.exchangeStream(request).subscribe(new Subscriber<HttpResponse<ByteBuffer<?>>>() {
            private boolean statusSeen;

            @Override
            public void onSubscribe(Subscription s) {
                subscription.set(s);
                s.request(1);
            }

            @Override
            public void onNext(HttpResponse<ByteBuffer<?>> response) {
                if (!statusSeen) {
                    statusSeen = true;
                    handler.onStatus(response.code(), headers(response));
                }
                response.getBody().ifPresent(buffer -> handler.onChunk(buffer.toByteArray()));
                subscription.get().request(1);
            }

            @Override
            public void onError(Throwable t) {
                if (!statusSeen && t instanceof HttpClientResponseException e) {
                    statusSeen = true;
                    handler.onStatus(e.code(), headers(e.getResponse()));
                    e.getResponse().getBody(byte[].class).ifPresent(handler::onChunk);
                    handler.onComplete();
                } else {
                    handler.onError(t);
                }
            }

            @Override
            public void onComplete() {
                handler.onComplete();
            }
        });
        return () -> {
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        };
    }

    private static HttpReply toReply(HttpResponse<?> response, byte[] body) {
        return new HttpReply(response.code(), headers(response), body);
    }

    private static Map<String, String> headers(HttpResponse<?> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.getHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.putIfAbsent(name, values.get(0));
            }
        });
        return headers;
    }

    @Override
    public void close() {
        client.close();
    }
}
