package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.multipart.MultipartBody;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * envd's {@code /files} (§6): upload as {@code multipart/form-data} (field {@code file}, built by Micronaut's
 * {@link MultipartBody}; every envd version takes it), download streamed and stopped as soon as it passes the caller's cap, so a huge file never
 * fills our memory. Bytes are never decoded as text, and no {@code Accept-Encoding} is sent (a gzip answer
 * would otherwise have to be decoded).
 */
final class EnvdFiles {

    private final EnvdClient envd;
    private final long maxUploadBytes;

    EnvdFiles(EnvdClient envd, long maxUploadBytes) {
        this.envd = envd;
        this.maxUploadBytes = maxUploadBytes;
    }

    void upload(String path, byte[] content) {
        checkPath(path);
        if (content == null) {
            throw new SandboxException(SandboxException.Kind.INVALID, "upload: content is required");
        }
        if (content.length > maxUploadBytes) {
            throw new SandboxException(SandboxException.Kind.TOO_LARGE,
                "upload: " + content.length + " bytes is over the " + maxUploadBytes + "-byte limit");
        }
        MutableHttpRequest<Object> request = envd.request("POST", "/files?path=" + enc(path));
        request.contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
        request.body(MultipartBody.builder()
            .addPart("file", path, MediaType.APPLICATION_OCTET_STREAM_TYPE, content)
            .build());
        HttpReply reply = envd.http().call(request, envd.requestTimeout());
        if (reply.status() != 200) {
            if (reply.status() == 507) {
                throw new SandboxException(SandboxException.Kind.TOO_LARGE, "upload: the sandbox's disk is full (507)");
            }
            throw E2bErrors.envd("upload " + path, reply);
        }
    }

    byte[] download(String path, long maxBytes) {
        checkPath(path);
        if (maxBytes < 0) {
            throw new SandboxException(SandboxException.Kind.INVALID, "download: maxBytes must not be negative");
        }
        Download download = new Download(maxBytes);
        E2bHttp.Cancellable stream = envd.http().stream(envd.request("GET", "/files?path=" + enc(path)), download);
        try {
            download.done.get(envd.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stream.cancel();
            throw new SandboxException(SandboxException.Kind.TIMEOUT, "download: no complete answer within " + envd.requestTimeout());
        } catch (InterruptedException e) {
            stream.cancel();
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "download: interrupted");
        } catch (ExecutionException e) {
            throw E2bErrors.transport("download", e.getCause());
        }
        if (download.tooLarge) {
            stream.cancel();
            throw new SandboxException(SandboxException.Kind.TOO_LARGE, "download: the file is larger than " + maxBytes + " bytes");
        }
        if (download.status < 0 && download.failure == null) {
            // Micronaut's stream emits nothing for an empty body, so the status is unknown: ask again,
            // buffered (the answer is empty or a small error), instead of guessing "empty file"
            HttpReply reply = envd.http().call(envd.request("GET", "/files?path=" + enc(path)), envd.requestTimeout());
            download = Download.of(reply, maxBytes);
        }
        if (download.status < 0) {
            throw E2bErrors.transport("download", download.failure);
        }
        if (download.status != 200) {
            HttpReply reply = new HttpReply(download.status, download.headers, download.bytes.toByteArray());
            if (reply.status() == 404) {
                // envd's "path does not exist"; a vanished sandbox is the proxy's 502
                throw new SandboxException(SandboxException.Kind.INVALID, "download: no such file in the sandbox");
            }
            throw E2bErrors.envd("download", reply);
        }
        if (download.failure != null) {
            throw E2bErrors.transport("download", download.failure);
        }
        return download.bytes.toByteArray();
    }

    private static void checkPath(String path) {
        if (path == null || path.isEmpty() || path.indexOf('\0') >= 0 || path.length() > 4096) {
            throw new SandboxException(SandboxException.Kind.INVALID, "a file path is required (no NUL, at most 4096 characters)");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Reads the body on the event loop, stopping at the cap. */
    private static final class Download implements E2bHttp.StreamHandler {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long maxBytes;
        volatile int status = -1;
        volatile Map<String, String> headers = Map.of();
        volatile boolean tooLarge;
        volatile Throwable failure;

        Download(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        static Download of(HttpReply reply, long maxBytes) {
            Download download = new Download(maxBytes);
            download.onStatus(reply.status(), reply.headers());
            download.onChunk(reply.body());
            download.onComplete();
            return download;
        }

        @Override
        public void onStatus(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = headers;
            String length = new HttpReply(status, headers, null).header("Content-Length");
            if (status == 200 && length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
                tooLarge = true;
                done.complete(null);
            }
        }

        @Override
        public void onChunk(byte[] chunk) {
            if (done.isDone()) {
                return;
            }
            long limit = status == 200 ? maxBytes : 64 * 1024;
            if (bytes.size() + (long) chunk.length > limit) {
                if (status == 200) {
                    tooLarge = true;
                    done.complete(null);
                }
                return;
            }
            bytes.write(chunk, 0, chunk.length);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        @Override
        public void onError(Throwable error) {
            failure = error;
            done.complete(null);
        }
    }
}
