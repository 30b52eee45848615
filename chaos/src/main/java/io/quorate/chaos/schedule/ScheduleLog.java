package io.quorate.chaos.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheduler's log: one line per decision, {@code <RFC 3339 time> <what>}, or with {@code json}
 * one object per line ({@code time}, {@code kind}, {@code experiment}, {@code message}).
 */
public final class ScheduleLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;

    public ScheduleLog(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public synchronized void decision(ZonedDateTime at, ScheduleDecision decision) {
        String kind = decision instanceof ScheduleDecision.Start ? "start" : decision instanceof ScheduleDecision.Delay ? "delayed" : "missed";
        line(at, kind, decision.experiment(), decision.line());
    }

    /** @param experiment the experiment it is about, or null */
    public synchronized void line(ZonedDateTime at, String kind, String experiment, String message) {
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("time", ScheduleTimes.format(at));
            object.put("kind", kind);
            object.put("experiment", experiment);
            object.put("message", message);
            try {
                out.println(JSON.writeValueAsString(object));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println(ScheduleTimes.format(at) + " " + message);
        }
        out.flush();
    }
}
