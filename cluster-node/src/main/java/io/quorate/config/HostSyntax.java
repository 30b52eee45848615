package io.quorate.config;

import java.util.regex.Pattern;

/**
 * Syntax checks for the host part of a ring address: IPv4 dotted quad, IPv6 literal or RFC 1123 host
 * name. Only syntax: resolving names is the runtime's job, and the config must load without DNS.
 */
final class HostSyntax {

    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int IPV6_GROUPS = 8;

    private HostSyntax() {
    }

    /** Text made only of digits and dots is meant as an IPv4 address, never a host name. */
    static boolean looksLikeIpv4(String host) {
        return DIGITS_AND_DOTS.matcher(host).matches();
    }

    static boolean isIpv4(String host) {
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!OCTET.matcher(octet).matches() || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isHostName(String host) {
        if (host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 text form: eight hex groups, one optional "::" run, optional trailing IPv4 part. */
    static boolean isIpv6(String host) {
        int gap = host.indexOf("::");
        if (gap >= 0 && host.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return groupCount(host, true) == IPV6_GROUPS;
        }
        int head = groupCount(host.substring(0, gap), false);
        int tail = groupCount(host.substring(gap + 2), true);
        return head >= 0 && tail >= 0 && head + tail < IPV6_GROUPS;
    }

    /** Number of 16-bit groups in a colon-separated run, or -1 if malformed; "" is zero groups. */
    private static int groupCount(String run, boolean mayEndInIpv4) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] groups = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            boolean last = i == groups.length - 1;
            if (HEX_GROUP.matcher(groups[i]).matches()) {
                count += 1;
            } else if (last && mayEndInIpv4 && isIpv4(groups[i])) {
                count += 2;
            } else {
                return -1;
            }
        }
        return count;
    }
}
