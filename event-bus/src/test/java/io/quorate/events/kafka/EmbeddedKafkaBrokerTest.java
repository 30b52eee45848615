package io.quorate.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class EmbeddedKafkaBrokerTest {
    private static final Pattern READY = Pattern.compile("kafka: (127\\.0\\.0\\.1:(\\d+))");

    @Test
    void theSharedBrokerServesOnLoopback(EmbeddedKafkaBroker broker) throws Exception {
        assertTrue(broker.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            String topic = KafkaTestBroker.newTopic("broker-test", 3);
            assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size());
        }
    }

    @Test
    void runsAsAChildProcessPrintsItsAddressAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), EmbeddedKafkaBroker.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            long started = System.nanoTime();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // the process is gone
                }
            });
            pump.setDaemon(true);
            pump.start();
            Matcher ready = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            StringBuilder output = new StringBuilder();
            while (ready == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    output.append(line).append('\n');
                    Matcher matcher = READY.matcher(line);
                    if (matcher.matches()) {
                        ready = matcher;
                    }
                }
            }
            assertNotNull(ready, "no 'kafka: 127.0.0.1:<port>' line; output:\n" + output);
            System.out.println("child-process broker ready " + (System.nanoTime() - started) / 1_000_000 + " ms after launch");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ready.group(1)))) {
                assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            }
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
            assertFalse(output.toString().contains("INFO"), "the broker is quiet at start:\n" + output);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void restartsInTheSameDirectoryAtTheSameAddress(@TempDir Path dir) throws Exception {
        String address;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dir)) {
            address = first.bootstrapServers();
            first.createTopic("kept", 2);
        }
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(dir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address))) {
            assertEquals(address, second.bootstrapServers());
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("kept"));
        }
    }
}
