package io.quorate.it;

import io.quorate.ha.guest.GuestProber;
import io.quorate.lab.LocalHaCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the HA process tests share: a cluster of hosts in a temporary directory, an outside prober, both removed after each test. */
abstract class HaClusterTest {
    @TempDir
    Path base;

    LocalHaCluster cluster;
    GuestProber prober;

    @AfterEach
    void removeClusterAndProber() throws Exception {
        if (prober != null) {
            prober.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
