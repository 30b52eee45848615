package io.quorate.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The run's fault journal: one JSON line per step, fsynced before the fault it announces is applied,
 * so whatever a killed runner left in force can be found and healed. Lines: {@code applying} (with
 * the whole {@link FaultRecord}), {@code failed} (applying threw; it may have been applied in part),
 * {@code healed}. A damaged line (a torn write) is reported and skipped.
 */
public final class Journal implements AutoCloseable {
    public static final String FILE = "chaos-journal.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private String current = "";

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** A fault left in force by a run: {@code run} is the run that applied it (heal it under that name). */
    public record Unhealed(String run, FaultRecord fault) {
    }

    /** Opens (creating) the journal in {@code dir} for appending; a torn last line is ended first, so it stays alone. */
    public static Journal open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        boolean torn = false;
        if (Files.exists(file) && Files.size(file) > 0) {
            try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                reader.read(last, reader.size() - 1);
                torn = last.get(0) != '\n';
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (torn) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        return new Journal(file, channel);
    }

    public Path file() {
        return file;
    }

    public void applying(FaultRecord fault) throws IOException {
        ObjectNode line = line("applying");
        line.set("fault", JSON.valueToTree(fault));
        append(line);
    }

    public void failed(FaultRecord fault, String error) throws IOException {
        append(line("failed").put("id", fault.id()).put("error", error));
    }

    public void healed(FaultRecord fault) throws IOException {
        append(line("healed").put("id", fault.id()));
    }

    /** Marks a fault an earlier run left in force as healed (under that run's name). */
    public void healed(Unhealed leftover) throws IOException {
        append(line("healed").put("id", leftover.fault().id()).put("run", leftover.run()));
    }

    /** Marks the start of a run, so ids of different runs in one journal are told apart. */
    public void runStarted(String run) throws IOException {
        current = run;
        append(line("run"));
    }

    private ObjectNode line(String op) {
        ObjectNode line = JSON.createObjectNode();
        line.put("at", Instant.now().toString()).put("op", op).put("run", current);
        return line;
    }

    private synchronized void append(JsonNode line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    /**
     * The faults announced in {@code dir}'s journal and never healed, oldest first (heal them newest
     * first). Damaged lines go to {@code problems}.
     */
    public static List<Unhealed> unhealed(Path dir, Consumer<String> problems) throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, Unhealed> open = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return List.of();
        }
        int number = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode line = JSON.readTree(text);
                String run = line.path("run").asText("");
                switch (line.path("op").asText("")) {
                    case "applying" -> {
                        FaultRecord fault = JSON.treeToValue(line.get("fault"), FaultRecord.class);
                        open.put(run + "/" + fault.id(), new Unhealed(run, fault));
                    }
                    case "healed" -> open.remove(run + "/" + line.path("id").asInt());
                    default -> {
                        // run markers and failures change nothing: a failed fault may still be half applied
                    }
                }
            } catch (IOException | RuntimeException e) {
                problems.accept(file + " line " + number + ": skipped, not a journal entry (" + e.getMessage() + ")");
            }
        }
        return new ArrayList<>(open.values());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
