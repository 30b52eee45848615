package io.quorate.it;

import io.quorate.events.Event;
import io.quorate.events.kafka.KafkaTestBroker;
import io.quorate.events.replay.ReplayWindow;
import io.quorate.events.replay.TopicReplayReader;
import java.util.List;

/** Reading a test topic of the shared broker for replay; any bad record fails the test. */
final class ReplayTopics {
    private ReplayTopics() {
    }

    static List<Event> read(String topic, ReplayWindow window) {
        try {
            return TopicReplayReader.read(KafkaTestBroker.settings(), topic, window, problem -> {
                throw new AssertionError(problem);
            }).events();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
