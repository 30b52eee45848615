package io.quorate.runtime;

import io.quorate.config.NodeAddress;

/** An address as users write it: {@code 127.0.0.1:8006}, {@code host:8006} or {@code [::1]:8006}. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    /** Parses with the same rules as ring0_addr ({@link NodeAddress}), but the port is required. */
    public static HostPort parse(String text) {
        String value = text.strip();
        boolean hasPort = value.startsWith("[") ? value.contains("]:") : value.indexOf(':') > 0
                && value.indexOf(':') == value.lastIndexOf(':');
        if (!hasPort) {
            throw new IllegalArgumentException(value.indexOf(':') != value.lastIndexOf(':') && !value.startsWith("[")
                    ? "write an IPv6 address in brackets, e.g. [::1]:8006, got '" + text + "'"
                    : "expected <ip>:<port>, got '" + text + "'");
        }
        NodeAddress address = NodeAddress.parse(value);
        return new HostPort(address.host(), address.port());
    }

    /** As {@link #parse}, for an address to listen on: port 0 is allowed and means any free port. */
    public static HostPort parseListen(String text) {
        String value = text.strip();
        if (value.endsWith(":0")) {
            HostPort host = parse(value.substring(0, value.length() - 1) + "1");
            return new HostPort(host.host(), 0);
        }
        return parse(value);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
