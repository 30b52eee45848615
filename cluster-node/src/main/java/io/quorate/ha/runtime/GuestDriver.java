package io.quorate.ha.runtime;

import io.vertx.core.Future;
import java.util.Set;

/** How the LRM runs guests on its node: the narrow interface behind which drivers differ. */
interface GuestDriver {
    Future<Void> start(String sid);

    /** Stops a guest, killing it after {@code graceMs}; succeeds when it is not running (also when it never was). */
    Future<Void> stop(String sid, long graceMs);

    /** The services whose guests run now. */
    Future<Set<String>> running();
}
