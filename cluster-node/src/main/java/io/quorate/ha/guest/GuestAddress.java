package io.quorate.ha.guest;

import io.quorate.ha.config.ResourceId;
import io.quorate.runtime.HostPort;

/**
 * Where a process guest listens: port {@code portBase + vmid} on its node's address, so every
 * node's copy of a guest has the same port and the node alone tells them apart (as a VM keeps
 * its IP when it moves). VMIDs are 100..999999999 in Proxmox, but a port must fit in 16 bits,
 * so large VMIDs need a lower base.
 */
public final class GuestAddress {
    public static final int DEFAULT_PORT_BASE = 10_000;
    private static final int MAX_PORT = 65_535;

    private GuestAddress() {
    }

    /** {@code DEFAULT_PORT_BASE + vmid}. */
    public static int port(String sid) {
        return port(sid, DEFAULT_PORT_BASE);
    }

    /** {@code portBase + vmid}; IllegalArgumentException for a non-guest sid or a port past 65535. */
    public static int port(String sid, int portBase) {
        if (portBase < 0 || portBase > MAX_PORT) {
            throw new IllegalArgumentException("port base must be 0.." + MAX_PORT + ", got " + portBase);
        }
        ResourceId id = ResourceId.parse(sid);
        if (!id.isGuest()) {
            throw new IllegalArgumentException("'" + sid + "' is not a guest: only vm:<vmid> and ct:<vmid> have a port");
        }
        long port = portBase + id.vmid();
        if (port > MAX_PORT) {
            throw new IllegalArgumentException("guest " + sid + " would listen on port " + portBase + " + " + id.vmid()
                    + " = " + port + ", past " + MAX_PORT + ": use a VMID up to " + (MAX_PORT - portBase)
                    + " or a lower port base");
        }
        return (int) port;
    }

    /** {@code host:port(sid)}. */
    public static HostPort of(String host, String sid) {
        return new HostPort(host, port(sid));
    }

    /** {@code host:port(sid, portBase)}. */
    public static HostPort of(String host, String sid, int portBase) {
        return new HostPort(host, port(sid, portBase));
    }
}
