package io.quorate.config;

import java.util.Objects;

/**
 * Where a node listens, from {@code ring0_addr} (or {@code --link0}): an IPv4 address, a host name or
 * an IPv6 address, optionally followed by {@code :port}. The port is a Quorate extension so several
 * nodes can share one host; corosync's own default port {@value #DEFAULT_PORT} applies otherwise.
 * IPv6 with a port is written {@code [::1]:5412}; a bare IPv6 address has no port.
 *
 * @param host host name or address, IPv6 without brackets
 * @param port UDP port, 1-65535
 */
public record NodeAddress(String host, int port) {

    public static final int DEFAULT_PORT = 5405;

    public NodeAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        checkHost(host);
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code ipv6}, {@code [ipv6]} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException naming the problem, for the caller to place (file line, option)
     */
    public static NodeAddress parse(String text) {
        String address = text.strip();
        if (address.isEmpty()) {
            throw new IllegalArgumentException("address must not be empty");
        }
        if (address.startsWith("[")) {
            return parseBracketed(address);
        }
        int colon = address.indexOf(':');
        if (colon < 0) {
            return new NodeAddress(address, DEFAULT_PORT);
        }
        if (address.indexOf(':', colon + 1) >= 0) {
            // two or more colons: an IPv6 address, which needs brackets to carry a port
            return new NodeAddress(address, DEFAULT_PORT);
        }
        return new NodeAddress(address.substring(0, colon), parsePort(address.substring(colon + 1), address));
    }

    private static NodeAddress parseBracketed(String address) {
        int close = address.indexOf(']');
        if (close < 0) {
            throw new IllegalArgumentException("missing ']' in '" + address + "'");
        }
        String host = address.substring(1, close);
        if (!HostSyntax.isIpv6(host)) {
            throw new IllegalArgumentException("invalid IPv6 address '" + host + "' in '" + address + "'");
        }
        String rest = address.substring(close + 1);
        if (rest.isEmpty()) {
            return new NodeAddress(host, DEFAULT_PORT);
        }
        if (!rest.startsWith(":")) {
            throw new IllegalArgumentException("expected ':port' after ']' in '" + address + "'");
        }
        return new NodeAddress(host, parsePort(rest.substring(1), address));
    }

    private static int parsePort(String port, String address) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below together with out-of-range ports
        }
        throw new IllegalArgumentException(
                "port must be between 1 and 65535, got '" + port + "' in '" + address + "'");
    }

    private static void checkHost(String host) {
        if (host.contains(":")) {
            if (!HostSyntax.isIpv6(host)) {
                throw new IllegalArgumentException("invalid IPv6 address '" + host + "'");
            }
        } else if (HostSyntax.looksLikeIpv4(host)) {
            if (!HostSyntax.isIpv4(host)) {
                throw new IllegalArgumentException("invalid IPv4 address '" + host + "'");
            }
        } else if (!HostSyntax.isHostName(host)) {
            throw new IllegalArgumentException("invalid host name '" + host + "'");
        }
    }

    public boolean isIpv6() {
        return host.contains(":");
    }

    /** The ring0_addr form: the port only when it is not the default, IPv6 in brackets when it has one. */
    public String toConfValue() {
        if (port == DEFAULT_PORT) {
            return host;
        }
        return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
    }

    /** host:port with IPv6 in brackets, for messages and sockets. */
    @Override
    public String toString() {
        return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
    }
}
