package io.quorate.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Appends events as JSON lines to a file ({@code events.jsonl} in the node dir) on a thread of its
 * own, so callers on an event loop never wait for the disk. Each batch is flushed to the OS once.
 */
public final class JsonLinesEventLog implements EventSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JsonLinesEventLog.class.getName());
    private static final Event CLOSE = Event.of("", "", 0, 0, java.time.Instant.EPOCH,
            new NodeEvent.Stopping(0, "close"));

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final BufferedWriter writer;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean failed;
    private volatile long dropped;

    public JsonLinesEventLog(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        this.thread = new Thread(this::drain, "event-log-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void accept(Event event) {
        if (failed) {
            dropped++; // the writer is gone; keep the node running, the failure was logged once
        } else if (!closed) {
            queue.add(event);
        }
    }

    /** Events not written because the file could not be written (0 while healthy). */
    public long dropped() {
        return dropped;
    }

    private void drain() {
        List<Event> batch = new ArrayList<>();
        try {
            while (true) {
                Event first = queue.take();
                batch.add(first);
                queue.drainTo(batch);
                boolean stop = false;
                for (Event event : batch) {
                    if (event == CLOSE) {
                        stop = true;
                        continue;
                    }
                    writer.write(EventJson.encode(event));
                    writer.write('\n');
                }
                writer.flush();
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failed = true;
            queue.clear();
            LOG.log(System.Logger.Level.ERROR, "event log write failed, events are no longer recorded: " + e.getMessage());
        }
    }

    /** Writes everything queued so far, then stops the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(CLOSE);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a JSON-lines event file; lines that are not valid events are reported, not fatal. */
    public static ReadResult read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(EventJson.decode(line));
            } catch (EventJson.EventFormatException e) {
                errors.add(file + ":" + lineNumber + ": " + e.getMessage());
            }
        }
        return new ReadResult(events, errors);
    }

    public record ReadResult(List<Event> events, List<String> errors) {
    }
}
