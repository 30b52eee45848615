package io.quorate.quorum;

import static io.quorate.quorum.QuorumFixture.nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorate.core.Outbox;
import io.quorate.protocol.RingId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rendering the facts behind the corosync 3.1.7 captures in src/test/resources/quorum/ must give
 * exactly their bytes, trailing spaces included.
 */
class QuorumStatusFormatTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Vienna");

    @Test
    void healthyThreeOfThree() throws IOException {
        QuorumStatus status = afterViews(1, view(1, 0xe0, 1, 2, 3));
        assertEquals(capture("quorumtool-s_healthy_3of3.txt"),
                QuorumStatusFormat.quorumtoolText(status, at("2026-11-25T09:57:57"), ZONE));
    }

    @Test
    void nodeThreeKilledTwoOfThreeStayQuorate() throws IOException {
        QuorumStatus status = afterViews(1, view(1, 0xe0, 1, 2, 3), view(1, 0xe4, 1, 2));
        assertEquals(capture("quorumtool-s_after_node3_killed_2of3.txt"),
                QuorumStatusFormat.quorumtoolText(status, at("2026-11-25T09:58:05"), ZONE));
    }

    @Test
    void twoKilledTheLastNodeIsBlocked() throws IOException {
        QuorumStatus status = afterViews(1, view(1, 0xe0, 1, 2, 3), view(1, 0xe4, 1, 2), view(1, 0xe8, 1));
        assertEquals(capture("quorumtool-s_after_two_killed_1of3.txt"),
                QuorumStatusFormat.quorumtoolText(status, at("2026-11-25T09:58:13"), ZONE));
    }

    @Test
    void nodeThreeIsolated() throws IOException {
        QuorumStatus status = afterViews(3, view(1, 0xa4, 1, 2, 3), view(3, 0xaa, 3));
        assertEquals(capture("quorumtool-s_node3_isolated.txt"),
                QuorumStatusFormat.quorumtoolText(status, at("2026-11-25T09:55:55"), ZONE));
    }

    @Test
    void pvecmStatusPutsTheClusterBlockFirst() throws IOException {
        QuorumStatus status = afterViews(1, view(1, 0xe0, 1, 2, 3));
        String expected = "Cluster information\n"
                + "-------------------\n"
                + "Name:             anchor\n"
                + "Config Version:   1\n"
                + "Transport:        knet\n"
                + "Secure auth:      on\n"
                + "\n"
                + capture("quorumtool-s_healthy_3of3.txt");
        assertEquals(expected, QuorumStatusFormat.pvecmStatusText(new ClusterInfo("anchor", 1, "knet", true), status,
                at("2026-11-25T09:57:57"), ZONE));
    }

    @Test
    void pvecmNodesIsTheMembershipBlock() {
        QuorumStatus status = afterViews(2, view(1, 0xe4, 1, 2));
        assertEquals("\nMembership information\n"
                + "----------------------\n"
                + "    Nodeid      Votes Name\n"
                + "         1          1 cs1\n"
                + "         2          1 cs2 (local)\n", QuorumStatusFormat.membershipText(status));
    }

    @Test
    void flagsEndInASpaceInCorosyncOrder() {
        QuorumOptions twoNode = QuorumFixture.options(null, true, true, false, false);
        QuorumStatus status = afterViews(1, nodes(2, twoNode), view(1, 0x10, 1, 2));
        String text = QuorumStatusFormat.quorumtoolText(status, at("2026-11-25T09:57:57"), ZONE);
        assertEquals("Flags:            2Node Quorate WaitForAll \n", lineStarting(text, "Flags:"));
        assertEquals("Quorum:           1  \n", lineStarting(text, "Quorum:"));
    }

    @Test
    void ctimePadsASingleDigitDay() {
        assertEquals("Thu Nov  5 09:07:03 2026",
                QuorumStatusFormat.ctime(Instant.parse("2026-11-05T09:07:03Z"), ZoneOffset.UTC));
    }

    @Test
    void jsonViewSerialisesWithRfc3339Date() throws IOException {
        QuorumStatus status = afterViews(1, view(1, 0xe0, 1, 2, 3), view(1, 0xe4, 1, 2));
        QuorumStatusView view = QuorumStatusView.of(status, Instant.parse("2026-11-25T08:58:05.250Z"), ZONE);
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(view));

        assertEquals("2026-11-25T09:58:05+01:00", json.get("date").asText());
        assertEquals(true, json.get("quorate").asBoolean());
        assertEquals(2, json.get("nodes").asInt());
        assertEquals(1, json.get("nodeId").asInt());
        assertEquals("1.e4", json.get("ringId").asText());
        assertEquals(3, json.get("expectedVotes").asInt());
        assertEquals(3, json.get("highestExpected").asInt());
        assertEquals(2, json.get("totalVotes").asInt());
        assertEquals(2, json.get("quorum").asInt());
        assertEquals("[\"Quorate\"]", json.get("flags").toString());
        assertEquals("{\"nodeid\":1,\"votes\":1,\"name\":\"cs1\",\"local\":true}", json.get("members").get(0).toString());
        assertNotNull(json.get("members").get(1));
    }

    private record View(RingId ring, Set<Integer> members) {
    }

    private static View view(int representative, long sequence, Integer... members) {
        return new View(new RingId(representative, sequence), Set.of(members));
    }

    private static QuorumStatus afterViews(int localNodeId, View... views) {
        return afterViews(localNodeId, nodes(3, QuorumFixture.PLAIN), views);
    }

    private static QuorumStatus afterViews(int localNodeId, VoterConfig config, View... views) {
        QuorumCore core = new QuorumCore(localNodeId, config);
        for (View view : views) {
            core.onViewInstalled(view.ring(), view.members(), 0, new Outbox());
        }
        return core.status();
    }

    private static Instant at(String localTime) {
        return LocalDateTime.parse(localTime).atZone(ZONE).toInstant();
    }

    private static String capture(String name) throws IOException {
        try (InputStream in = QuorumStatusFormatTest.class.getResourceAsStream("/quorum/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String lineStarting(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow() + "\n";
    }
}
