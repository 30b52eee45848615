package io.quorate.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FenceConfigTest {

    @Test
    void readsDevicesWithDefaults() throws ConfigException {
        FenceConfig config = FenceConfig.parse(FenceConfig.PATH, """
                ipmi: node1
                \tip 10.0.10.11
                \tusername fence
                \tpassword-file /etc/quorate/ipmi/node1.password

                ipmi: node2
                \tip bmc-node2.mgmt.example
                \tipport 6230
                \tusername admin
                \tpassword-file /run/secrets/bmc2
                \tlanplus 0
                \tcipher 17
                \tprivlvl operator
                \tcomment rack 3
                """);
        IpmiFenceDevice node1 = config.deviceFor("node1").orElseThrow();
        assertEquals(IpmiFenceDevice.of("node1", "10.0.10.11", "fence", Path.of("/etc/quorate/ipmi/node1.password")),
                node1);
        assertEquals(623, node1.ipport());
        assertTrue(node1.lanplus());
        assertEquals("lanplus", node1.ipmitoolInterface());
        assertEquals(3, node1.cipher());
        assertEquals(IpmiPrivilege.ADMINISTRATOR, node1.privilege());
        IpmiFenceDevice node2 = config.deviceFor("node2").orElseThrow();
        assertEquals(6230, node2.ipport());
        assertFalse(node2.lanplus());
        assertEquals("lan", node2.ipmitoolInterface());
        assertEquals(17, node2.cipher());
        assertEquals(IpmiPrivilege.OPERATOR, node2.privilege());
        assertEquals(Optional.of("rack 3"), node2.comment());
        assertTrue(config.deviceFor("node3").isEmpty());
    }

    @Test
    void writesEveryKeyInStableOrderAndRoundTrips() throws ConfigException {
        FenceConfig config = FenceConfig.of(List.of(
                IpmiFenceDevice.of("node1", "fd00::11", "fence", Path.of("/etc/quorate/bmc1")).withCipher(0)
                        .withComment(Optional.of("v6 BMC"))));
        String text = config.write();
        assertEquals("""
                ipmi: node1
                \tcomment v6 BMC
                \tip fd00::11
                \tpassword-file /etc/quorate/bmc1
                \tusername fence
                \tcipher 0
                \tipport 623
                \tlanplus 1
                \tprivlvl administrator

                """, text);
        assertEquals(config, FenceConfig.parse("x", text));
    }

    @Test
    void passwordIsRefusedWithoutEchoingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> FenceConfig.parse(FenceConfig.PATH,
                "ipmi: node1\n\tip 10.0.0.1\n\tusername u\n\tpassword s3cr3t\n"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("password-file"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void badInputIsAnError() {
        assertProblem("ipmi: node1\n\tip 10.0.0.1\n\tusername u\n", 1, "missing required key 'password-file'");
        assertProblem("ipmi: node1\n\tip 10.0.0.1\n\tusername u\n\tpassword-file relative/path\n", 4,
                "must be an absolute path");
        assertProblem("ipmi: node1\n\tip bad_host!\n\tusername u\n\tpassword-file /p\n", 2, "invalid BMC address");
        assertProblem("ipmi: node1\n\tip h\n\tusername u\n\tpassword-file /p\n\tipport 0\n", 5, "out of range 1..65535");
        assertProblem("ipmi: node1\n\tip h\n\tusername u\n\tpassword-file /p\n\tcipher 18\n", 5, "out of range 0..17");
        assertProblem("ipmi: node1\n\tip h\n\tusername u\n\tpassword-file /p\n\tprivlvl root\n", 5,
                "unknown privilege level 'root'");
        assertProblem("ipmi: node1\n\tip h\n\tusername u\n\tpassword-file /p\n\tinterface lanplus\n", 5,
                "unknown key 'interface'");
        assertProblem("redfish: node1\n\tip h\n", 1, "unknown fence device type 'redfish'");
        assertProblem("ipmi: node_1\n\tip h\n", 1, "invalid node name 'node_1'");
        assertProblem("ipmi: n1\n\tip h\n\tusername u\n\tpassword-file /p\n\nipmi: n1\n\tip h\n\tusername u\n"
                + "\tpassword-file /p\n", 6, "duplicate section 'ipmi: n1' (first on line 1)");
    }

    private static void assertProblem(String text, int line, String problemPart) {
        ConfigException e = assertThrows(ConfigException.class, () -> FenceConfig.parse("ha/fence.cfg", text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
    }
}
