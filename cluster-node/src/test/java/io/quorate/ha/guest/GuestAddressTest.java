package io.quorate.ha.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.runtime.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestAddressTest {

    @Test
    void aGuestListensOnBasePlusVmid() {
        assertEquals(10101, GuestAddress.port("vm:101"));
        assertEquals(10102, GuestAddress.port("ct:102"));
        assertEquals(20100, GuestAddress.port("vm:100", 20000));
        assertEquals(65535, GuestAddress.port("vm:55535"));
        assertEquals(new HostPort("127.0.0.2", 10101), GuestAddress.of("127.0.0.2", "vm:101"));
    }

    @Test
    void aPortPast65535OrANonGuestIsRefused() {
        IllegalArgumentException tooHigh = assertThrows(IllegalArgumentException.class, () -> GuestAddress.port("vm:55536"));
        assertTrue(tooHigh.getMessage().contains("65536") && tooHigh.getMessage().contains("55535"), tooHigh.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GuestAddress.port("vm:999999999"));
        assertThrows(IllegalArgumentException.class, () -> GuestAddress.port("fa:1"));
        assertThrows(IllegalArgumentException.class, () -> GuestAddress.port("vm:99"));
        assertThrows(IllegalArgumentException.class, () -> GuestAddress.port("vm:101", 70000));
    }

    @Test
    void theCommandLineStartsThisJvmsJavaOnThisClassPath() {
        List<String> argv = GuestCommandLine.argv("vm:101", "node1", new HostPort("127.0.0.2", 10101));
        assertEquals(ProcessHandle.current().info().command().orElse("java"), argv.get(0));
        assertEquals(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xss256k", "-cp", System.getProperty("java.class.path"),
                "io.quorate.cli.Main", "guest", "serve", "--sid", "vm:101", "--node", "node1", "--listen", "127.0.0.2:10101"),
                argv.subList(1, argv.size()));
    }
}
