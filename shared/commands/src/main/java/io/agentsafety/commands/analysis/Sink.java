package io.agentsafety.commands.analysis;

/** Receives what the interpreter finds while walking a script. */
public interface Sink {

    void command(ResolvedCommand command);

    /** Something fed to an interpreter or executed that cannot be resolved statically; the text says what. */
    void unresolved(String what);

    void fetchedUrl(String url);

    /** A host a network tool connects to ({@code nc HOST PORT}, {@code /dev/tcp/HOST/PORT}...). */
    default void contactedHost(io.agentsafety.commands.NetworkEndpoint endpoint) {
    }
}
