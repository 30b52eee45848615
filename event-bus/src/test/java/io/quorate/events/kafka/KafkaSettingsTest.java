package io.quorate.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.events.kafka.KafkaSettings.KafkaSettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @TempDir
    Path dir;

    @Test
    void passesClientPropertiesThroughAndKafkaFlagWins() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "# TLS + SASL to the site's brokers",
                "bootstrap.servers=ignored:9092",
                "security.protocol = SASL_SSL",
                "sasl.mechanism: SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\",
                "    username=\"quorate\" password=\"s3cret-jaas\";",
                "ssl.truststore.location=/etc/quorate/truststore.p12",
                "ssl.truststore.password=s3cret-trust",
                "ssl.key.password=s3cret-key",
                ""));
        KafkaSettings settings = KafkaSettings.fromOptions("k1:9092,k2:9093", file);
        assertEquals("k1:9092,k2:9093", settings.bootstrapServers());
        assertEquals("SASL_SSL", settings.properties().get("security.protocol"));
        assertEquals("SCRAM-SHA-512", settings.properties().get("sasl.mechanism"));
        assertTrue(settings.properties().get("sasl.jaas.config").endsWith("username=\"quorate\" password=\"s3cret-jaas\";"));
        Properties client = settings.clientProperties(Map.of("linger.ms", "5", "security.protocol", "PLAINTEXT"));
        assertEquals("k1:9092,k2:9093", client.get("bootstrap.servers"));
        assertEquals("SASL_SSL", client.get("security.protocol"), "the file wins over defaults");
        assertEquals("5", client.get("linger.ms"));

        String shown = settings.toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertTrue(shown.contains("sasl.jaas.config=[hidden]") && shown.contains("ssl.truststore.password=[hidden]"), shown);
        assertTrue(shown.contains("ssl.truststore.location=/etc/quorate/truststore.p12"), shown);
    }

    @Test
    void bootstrapServersMayComeFromTheFile() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=k1:9092\n");
        assertEquals("k1:9092", KafkaSettings.fromOptions(null, file).bootstrapServers());
    }

    @Test
    void secretLookingKeysAreRecognised() {
        for (String key : new String[] {"sasl.jaas.config", "ssl.key.password", "ssl.keystore.password", "ssl.truststore.password",
                "sasl.oauthbearer.client.credentials.client.secret", "ssl.keystore.key", "basic.auth.user.info.token"}) {
            assertTrue(KafkaSettings.isSecret(key), key);
        }
        for (String key : new String[] {"security.protocol", "ssl.truststore.location", "sasl.mechanism", "linger.ms"}) {
            assertFalse(KafkaSettings.isSecret(key), key);
        }
    }

    @Test
    void errorsNameTheFileAndLineAndNeverTheSecret() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "security.protocol=SSL\n\nthis line has no separator s3cret\n");
        KafkaSettingsException bad = assertThrows(KafkaSettingsException.class, () -> KafkaSettings.fromOptions("k:1", file));
        assertEquals(file + ":3: expected key=value", bad.getMessage());

        Files.write(file, new byte[] {'a', '=', 'b', '\n', 'c', '=', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(file + ":2: not UTF-8 text",
                assertThrows(KafkaSettingsException.class, () -> KafkaSettings.fromOptions("k:1", file)).getMessage());

        Path missing = dir.resolve("missing.properties");
        assertEquals("cannot read Kafka client config " + missing + ": no such file",
                assertThrows(KafkaSettingsException.class, () -> KafkaSettings.fromOptions("k:1", missing)).getMessage());
    }

    @Test
    void bootstrapServersAreChecked() {
        assertEquals("bad Kafka bootstrap server 'k2': expected host:port",
                assertThrows(KafkaSettingsException.class, () -> KafkaSettings.of("k1:9092,k2")).getMessage());
        assertEquals("bad Kafka bootstrap server 'k:99999': expected host:port",
                assertThrows(KafkaSettingsException.class, () -> KafkaSettings.of("k:99999")).getMessage());
        assertTrue(assertThrows(KafkaSettingsException.class, () -> KafkaSettings.of(null)).getMessage().contains("--kafka"));
    }
}
