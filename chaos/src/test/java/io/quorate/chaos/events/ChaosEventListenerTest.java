package io.quorate.chaos.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.chaos.run.Verdict;
import io.quorate.chaos.testing.SampleRuns;
import io.quorate.events.ChaosEvent;
import io.quorate.events.Event;
import io.quorate.events.kafka.KafkaEvents;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.kafka.TopicRecords;
import io.quorate.events.replay.Replay;
import io.quorate.events.replay.ReplayReport;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.events.replay.TimelineEntry;
import io.quorate.events.replay.TopicReplayReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ChaosEventListenerTest {
    private final KafkaSettings kafka = KafkaTestBroker.settings();
    private final String topic = KafkaTestBroker.newTopic("chaos-events", 1);

    private List<Event> onTheTopic() throws Exception {
        List<Event> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicRecords.readAll(kafka.bootstrapServers(), topic)) {
            events.add(KafkaEvents.decode(record));
        }
        return events;
    }

    @Test
    void eachStepIsOnTheTopicBeforeTheRunGoesOnAsANodesEventWouldBe() throws Exception {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ChaosEventListener listener = new ChaosEventListener("power-cut",
                lab -> new ChaosEventPublisher(kafka, topic, "lab", started.toEpochMilli()));

        listener.runStarted("r1", SampleRuns.experiment("Power cut"), null, 42);
        listener.faultApplied(SampleRuns.POWER_OFF, started.plusMillis(10));
        List<Event> afterApply = onTheTopic();
        assertEquals(List.of("chaos.run_started", "chaos.fault_applied"), afterApply.stream().map(Event::type).toList(),
                "published and acknowledged before faultApplied returned");
        Event applied = afterApply.get(1);
        assertEquals(new ChaosEvent.FaultApplied("r1", 1, "power", "power off n2 (node-running: vm:101)", List.of("n2")), applied.data());
        assertEquals("chaos-runner/" + started.toEpochMilli() + "/2", applied.id());
        assertEquals("lab", applied.cluster());
        assertEquals(started.plusMillis(10), applied.time());
        ConsumerRecord<String, byte[]> record = TopicRecords.readAll(kafka.bootstrapServers(), topic).get(1);
        assertEquals("chaos-runner", record.key());
        assertEquals("/quorate/lab/chaos-runner", KafkaEvents.header(record.headers(), KafkaEvents.SOURCE));
        assertEquals("chaos.fault_applied", KafkaEvents.header(record.headers(), KafkaEvents.TYPE));
        assertTrue(new String(record.value(), StandardCharsets.UTF_8).contains("\"summary\":\"power off n2 (node-running: vm:101)\""));

        listener.faultFailed(SampleRuns.ISOLATE, "nft: exit 1");
        listener.faultHealed(SampleRuns.ISOLATE, Instant.now());
        listener.faultHealed(SampleRuns.POWER_OFF, Instant.now());
        listener.runFinished(SampleRuns.report("r1", Verdict.passed, started, Instant.now(), 9_000));

        List<Event> all = onTheTopic();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all.stream().map(Event::seq).toList(), "gap-free");
        assertEquals(new ChaosEvent.RunFinished("r1", "power-cut", "passed", "all good"), all.get(5).data());
    }

    @Test
    void replayShowsTheRunsFaultsAndItsCheckersStayGreen() throws Exception {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (String run : List.of("r1", "r2")) { // two runs: two incarnations of the runner
            ChaosEventListener listener = new ChaosEventListener("power-cut",
                    lab -> new ChaosEventPublisher(kafka, topic, "lab", System.currentTimeMillis() + (run.equals("r2") ? 1 : 0)));
            listener.runStarted(run, SampleRuns.experiment("Power cut"), null, 7);
            listener.faultApplied(SampleRuns.POWER_OFF, Instant.now());
            listener.faultHealed(SampleRuns.POWER_OFF, Instant.now());
            listener.runFinished(SampleRuns.report(run, Verdict.failed, started, Instant.now(), -1));
        }

        List<String> problems = new ArrayList<>();
        ReplayWindow window = new ReplayWindow(started.minusSeconds(1), Instant.now().plusSeconds(1), null);
        TopicReplayReader.Result read = TopicReplayReader.read(kafka, topic, window, problems::add);
        ReplayReport report = Replay.run(read.events(), window, read.counts());

        assertEquals(List.of(), problems);
        assertTrue(report.passed(), report.violations()::toString);
        assertEquals(List.of(
                        "chaos run r1 of power-cut started (seed 7)", "fault #1 applied: power off n2 (node-running: vm:101)",
                        "fault #1 healed: power off n2 (node-running: vm:101)", "chaos run r1 failed: SLO missed",
                        "chaos run r2 of power-cut started (seed 7)", "fault #1 applied: power off n2 (node-running: vm:101)",
                        "fault #1 healed: power off n2 (node-running: vm:101)", "chaos run r2 failed: SLO missed"),
                report.timeline().stream().map(TimelineEntry::summary).toList());
        assertEquals(List.of(false, true, false, false, false, true, false, false), report.timeline().stream().map(TimelineEntry::fault).toList());
        assertTrue(report.finalState().nodes().isEmpty(), "the runner is no member: " + report.finalState().nodes());
    }
}
