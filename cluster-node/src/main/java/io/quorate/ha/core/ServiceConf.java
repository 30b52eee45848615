package io.quorate.ha.core;

/**
 * One HA resource as the CRM needs it: requested state ({@code started}, {@code stopped},
 * {@code disabled}, {@code ignored}), the node it was configured on (placement of a new
 * service), and its policies.
 */
public record ServiceConf(String sid, String requestedState, String node, int maxRestart, int maxRelocate, boolean failback) {
    public boolean wantsStarted() {
        return requestedState.equals("started");
    }
}
