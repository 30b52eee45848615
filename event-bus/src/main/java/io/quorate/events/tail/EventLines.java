package io.quorate.events.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quorate.events.Event;
import io.quorate.events.EventJson;
import io.quorate.events.replay.Rfc3339;

/** One event as one line: {@code 2026-11-25T10:00:00.123Z n1 #42 quorum.lost {json data}}, or its full JSON. */
public final class EventLines {
    private EventLines() {
    }

    public static String text(Event event) {
        String data;
        try {
            data = EventJson.mapper().writeValueAsString(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
        return Rfc3339.format(event.time()) + " " + event.node() + " #" + event.seq() + " " + event.type() + " " + data;
    }

    /** The event's JSON as the spool and Kafka carry it. */
    public static String json(Event event) {
        return EventJson.encode(event);
    }
}
