package io.agentsafety.sandbox;

/**
 * One live sandbox. {@link #close()} kills it and frees everything it holds; it is idempotent and never
 * throws, so it is safe in {@code finally} and try-with-resources on every path.
 */
public interface Sandbox extends AutoCloseable {

    String id();

    /** Runs one command to completion, its timeout, or the output cap (whichever first). */
    ExecResult run(ExecRequest request);

    /** Writes a file (binary-safe); relative paths are inside the sandbox's working directory. */
    void upload(String path, byte[] content);

    /** Reads a file; more than {@code maxBytes} → {@link SandboxException.Kind#TOO_LARGE}. */
    byte[] download(String path, long maxBytes);

    @Override
    void close();
}
