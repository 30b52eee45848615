package io.quorate.ha.sim;

/**
 * Proxmox's fake HA resource {@code fa:abcdef}, whose digits script its behaviour: {@code b} start
 * attempts fail before one succeeds, {@code c} migrations fail likewise, {@code d} not 0: stopping
 * fails, {@code e} whether it exists (default 1), {@code f} apply {@code b} and {@code c} only on
 * {@code node<f>} (0: everywhere). Any other resource behaves.
 */
record FakeResource(int startFailures, int migrateFailures, boolean stopFails, boolean exists, int onlyOnNode) {
    static final FakeResource NORMAL = new FakeResource(0, 0, false, true, 0);

    static FakeResource of(String sid) {
        if (!sid.startsWith("fa:") || !sid.substring(3).matches("\\d{3,6}")) {
            return NORMAL;
        }
        String digits = sid.substring(3);
        return new FakeResource(digit(digits, 1, 0), digit(digits, 2, 0), digit(digits, 3, 0) != 0, digit(digits, 4, 1) != 0,
                digit(digits, 5, 0));
    }

    private static int digit(String digits, int index, int absent) {
        return index < digits.length() ? digits.charAt(index) - '0' : absent;
    }

    /** Whether a start on {@code node} fails, after {@code failedSoFar} failures since the last success. */
    boolean failsToStart(String node, int failedSoFar) {
        return appliesOn(node) && failedSoFar < startFailures;
    }

    boolean failsToStop() {
        return stopFails;
    }

    private boolean appliesOn(String node) {
        return onlyOnNode == 0 || node.equals("node" + onlyOnNode);
    }
}
