package io.quorate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJsonTest {
    private static final Instant TIME = Instant.parse("2026-11-25T09:57:57.123Z");

    /** One sample of every event record; a new record must be added here (checked below). */
    static List<EventData> samples() {
        MembershipEvent.Member n1 = new MembershipEvent.Member(1, "n1");
        QuorumEvent.Votes votes = new QuorumEvent.Votes(3, 3, 2, 2, List.of("Quorate"));
        return List.of(
                new MembershipEvent.ViewAgreed("1.e0", 1, 0xe0, List.of(n1, new MembershipEvent.Member(2, "n2"))),
                new MembershipEvent.MemberJoined(2, "n2", "1.e0"),
                new MembershipEvent.MemberLeft(3, "n3", "1.e4", "failed"),
                new MembershipEvent.PeerSuspected(3, "n3", 1001),
                new MembershipEvent.ViewProposed("1.e4", List.of(1, 2)),
                new MembershipEvent.ViewAbandoned("1.e5", List.of(3)),
                new MembershipEvent.PacketRejected("127.0.0.1:5405", "bad_mac: MAC does not match", 1),
                new MembershipEvent.ConfigApplied(2, List.of(n1)),
                new HeartbeatEvent.Sent(2, "n2"),
                new HeartbeatEvent.Received(2, "n2", 0.4),
                new QuorumEvent.VoteCounted(2, "n2", 1),
                new QuorumEvent.VoteWithdrawn(3, "n3", 1),
                new QuorumEvent.Gained("1.e0", votes),
                new QuorumEvent.Lost("1.e8", votes),
                new QuorumEvent.ExpectedChanged(3, 1, 1, "admin"),
                new NodeEvent.Started(1, "0.1.0", "127.0.0.1:5405"),
                new NodeEvent.Stopping(1, "shutdown"),
                new NodeEvent.FaultsSet(300, 50, 7, -2000),
                new NodeEvent.FaultsCleared(300, 50, -2000),
                new NodeEvent.UnsafeOption("--unsafe-recover-without-fencing", "recovers without fencing"),
                new ConfigEvent.LeaderChanged(3, 1, "n1"),
                new ConfigEvent.Proposed(12, 3, "write", "ha/resources.cfg", 120, "n2"),
                new ConfigEvent.Committed(12, "write", "ha/resources.cfg", 120, "n2"),
                new ConfigEvent.Rejected("write", "ha/manager_status", "stale_epoch", "epoch 7 is not the current epoch 9", 13),
                new ConfigEvent.CatchupStarted(10, 10010, false),
                new ConfigEvent.CatchupFinished(10010, 10000, 830),
                new ConfigEvent.SnapshotInstalled(9000, 123456, 40),
                new ConfigEvent.UnsafeWrite("write", "datacenter.cfg", 20, 12),
                new ConfigEvent.Diverged(14, List.of("datacenter.cfg"), "configdb/diverged-1.json"),
                new LockEvent.Acquired("ha_manager_lock", "n1", 15),
                new LockEvent.Renewed("ha_manager_lock", "n1", 15, 20),
                new LockEvent.Released("ha_manager_lock", "n1", 15),
                new LockEvent.Expired("ha_manager_lock", "n1", 15, 120000),
                new LockEvent.Lost("ha_manager_lock", 15, "no quorum"),
                new HaEvent.CrmStateChanged("slave", "master", 21),
                new HaEvent.LrmStateChanged("wait_for_agent_lock", "active", 22),
                new HaEvent.CommandsTaken(List.of("migrate vm:101 n2")),
                new HaEvent.NodeStateChanged("n3", "online", "unknown"),
                new HaEvent.ServiceStateChanged("vm:101", "started", "migrate", "n1", "n2"),
                new HaEvent.ManagerLog("info", "got crm command: migrate vm:101 n2"),
                new GuestEvent.Started("vm:101", 420),
                new GuestEvent.StartFailed("vm:101", "exit code 1", 1),
                new GuestEvent.Stopped("vm:101", "request_stop"),
                new GuestEvent.Died("vm:101"),
                new FenceEvent.Requested("n3", "ipmi", "left the quorate view"),
                new FenceEvent.IpmiAttempt("n3", "10.0.0.3:623", 1, true, 180, 1, "Chassis Power is off"),
                new FenceEvent.Succeeded("n3", "ipmi", 180),
                new FenceEvent.Failed("n3", "ipmi", "power off failed: timeout", 5000),
                new FenceEvent.PresumedUnsafe("n3", "--unsafe-recover-without-fencing"),
                new WatchdogEvent.Armed(60000, "lrm"),
                new WatchdogEvent.Disarmed("no services"),
                new WatchdogEvent.Unavailable("no supervisor at watchdog.sock"),
                new WatchdogEvent.Fired("fired 12 s ago"),
                new SpoolEvent.OverBound(300_000_000, 268_435_456, 1_200_000),
                new SpoolEvent.WithinBound(200_000_000, 268_435_456, 800_000),
                new SpoolEvent.Dropped(42, "2026-11-25T09:57:57.123Z", "2026-11-25T09:58:07.123Z",
                        List.of("heartbeat.received", "heartbeat.sent"), 1234),
                new SpoolEvent.Damaged("spool/00000000000000000001.seg", 8192, 37, "GARBAGE"),
                new SnapshotEvent.View(SnapshotEvent.VIEW_CHANGE, "1.e8", List.of("n1", "n2"), true, 3, 2, 2, 120, "n1", "n1",
                        "active", java.util.Map.of("vm:101", new SnapshotEvent.ServiceView("started", "n2"),
                        "ct:200", new SnapshotEvent.ServiceView("stopped", "n1")),
                        java.util.Map.of("ha_manager_lock", "n1", "ha_agent_n2_lock", "n2"), List.of()),
                new ChaosEvent.RunStarted("20261125T095757Z-power-cut", "power-cut", "Power cut of vm:101's node", 42),
                new ChaosEvent.FaultApplied("20261125T095757Z-power-cut", 1, "power", "power off n2 (node-running: vm:101)", List.of("n2")),
                new ChaosEvent.FaultFailed("20261125T095757Z-power-cut", 2, "partition", "isolate n3", List.of("n3"), "nft: exit 1"),
                new ChaosEvent.FaultHealed("20261125T095757Z-power-cut", 1, "power", "power off n2 (node-running: vm:101)", List.of("n2")),
                new ChaosEvent.RunFinished("20261125T095757Z-power-cut", "power-cut", "passed", "steady before and after"));
    }

    @Test
    void everyEventTypeRoundTripsThroughJson() throws Exception {
        List<EventData> samples = samples();
        assertEquals(EventTypes.all().size(), samples.stream().map(Object::getClass).distinct().count(),
                "samples() covers every event record");
        long seq = 0;
        for (EventData data : samples) {
            Event event = Event.of("c", "n1", 3, ++seq, TIME, data, HybridClock.encode(TIME.toEpochMilli(), seq));
            String json = EventJson.encode(event);
            assertTrue(json.contains("\"hlc\":" + event.hlc()), json);
            assertTrue(json.contains("\"time\":\"2026-11-25T09:57:57.123Z\""), json);
            assertTrue(json.contains("\"type\":\"" + data.eventType() + "\""), json);
            assertEquals(event, EventJson.decode(json), json);
        }
    }

    @Test
    void linesWrittenBeforeTheHybridClockDecodeWithHlcUnknown() throws Exception {
        String old = "{\"id\":\"n1/3/7\",\"cluster\":\"c\",\"node\":\"n1\",\"incarnation\":3,\"seq\":7,"
                + "\"time\":\"2026-11-25T09:57:57.123Z\",\"type\":\"heartbeat.sent\",\"version\":1,"
                + "\"data\":{\"peerId\":2,\"peer\":\"n2\"}}";
        Event event = EventJson.decode(old);
        assertEquals(0, event.hlc());
        assertEquals(Event.of("c", "n1", 3, 7, TIME, new HeartbeatEvent.Sent(2, "n2")), event);
        assertEquals(event, EventJson.decode(EventJson.encodeBytes(event)));
    }

    @Test
    void typeNamesAreDottedFamiliesAndUnique() {
        for (Class<? extends EventData> type : EventTypes.all()) {
            String name = EventTypes.nameOf(type);
            assertTrue(name.matches("[a-z]+(\\.[a-z_]+)+"), name);
            assertEquals(type, EventTypes.forName(name));
        }
    }

    @Test
    void malformedRecordsAreRefusedWithTheReason() {
        assertTrue(assertThrows(EventJson.EventFormatException.class, () -> EventJson.decode("xyz"))
                .getMessage().startsWith("not JSON: Unrecognized token 'xyz'"));
        assertEquals("unknown event type 'nope.nothing'", assertThrows(EventJson.EventFormatException.class,
                () -> EventJson.decode("{\"type\":\"nope.nothing\"}")).getMessage());
        assertTrue(assertThrows(EventJson.EventFormatException.class, () -> EventJson.decode(
                "{\"id\":\"a\",\"node\":\"n\",\"time\":\"2026-11-25T00:00:00Z\",\"type\":\"quorum.lost\",\"version\":9,\"data\":{}}"))
                .getMessage().contains("newer than this reader"));
        assertEquals("missing field 'time'", assertThrows(EventJson.EventFormatException.class, () -> EventJson.decode(
                "{\"id\":\"a\",\"node\":\"n\",\"type\":\"heartbeat.sent\",\"data\":{\"peerId\":2,\"peer\":\"n2\"}}")).getMessage());
    }

    @Test
    void jsonLinesLogKeepsGoodLinesAndReportsBadOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonLinesEventLog log = new JsonLinesEventLog(file)) {
            log.accept(Event.of("c", "n1", 1, 1, TIME, new HeartbeatEvent.Sent(2, "n2")));
            log.accept(Event.of("c", "n1", 1, 2, TIME, new NodeEvent.Stopping(1, "test")));
        }
        Files.writeString(file, Files.readString(file) + "{\"truncated\n", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        JsonLinesEventLog.ReadResult result = JsonLinesEventLog.read(file);
        assertEquals(2, result.events().size());
        assertEquals(1, result.errors().size());
        assertTrue(result.errors().get(0).startsWith(file + ":3: "), result.errors().get(0));
    }
}
