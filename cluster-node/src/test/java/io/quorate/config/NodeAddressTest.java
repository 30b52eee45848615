package io.quorate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:5411           | 127.0.0.1                 | 5411  | 127.0.0.1:5411
            10.0.0.1                 | 10.0.0.1                  | 5405  | 10.0.0.1
            [::1]:5412               | ::1                       | 5412  | [::1]:5412
            [fe80::1]                | fe80::1                   | 5405  | fe80::1
            2001:db8::7              | 2001:db8::7               | 5405  | 2001:db8::7
            ::ffff:192.0.2.1         | ::ffff:192.0.2.1          | 5405  | ::ffff:192.0.2.1
            1:2:3:4:5:6:7:8          | 1:2:3:4:5:6:7:8           | 5405  | 1:2:3:4:5:6:7:8
            pve1                     | pve1                      | 5405  | pve1
            node-2.example.org:6000  | node-2.example.org        | 6000  | node-2.example.org:6000
            """)
    void parsesHostAndPortAndWritesThemBack(String text, String host, int port, String confValue) {
        NodeAddress address = NodeAddress.parse(text);

        assertEquals(new NodeAddress(host, port), address);
        assertEquals(confValue, address.toConfValue());
        assertEquals(address, NodeAddress.parse(address.toConfValue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:http", "1.2.3", "1.2.3.4.5",
            "01.2.3.4", "-host", "host-", "a..b", "under_score", "[::1]:", "[::1]x", "[10.0.0.1]:5405", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8", ":::", "fe80::g"})
    void rejectsMalformedAddresses(String text) {
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse(text));
    }

    @org.junit.jupiter.api.Test
    void toStringAlwaysCarriesThePort() {
        assertEquals("[::1]:5405", NodeAddress.parse("::1").toString());
        assertEquals("pve1:5405", NodeAddress.parse("pve1").toString());
    }
}
