package io.agentsafety.commands;

/**
 * A host a command connects to through a network tool ({@code nc HOST PORT}, {@code ssh user@HOST},
 * {@code curl --resolve name:443:ADDR}, {@code /dev/tcp/HOST/PORT}...), for the network policy. {@code port} is
 * null when the command does not say; {@code evidence} is the command that names it.
 */
public record NetworkEndpoint(String host, Integer port, String evidence) {

    /** {@code host:port}, {@code [v6]:port}, or the host alone when no port is given. */
    public String describe() {
        String shown = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == null ? shown : shown + ":" + port;
    }
}
