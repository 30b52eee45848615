package io.quorate.chaos.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorate.lab.NetnsLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a running lab is made of, kept in {@code <lab dir>/lab.json} so that {@code lab status},
 * {@code lab down} and {@code chaos run --lab} in other processes can find every namespace, process
 * and file of it. Written atomically; no secrets (the BMC password is in a 0600 file beside it).
 *
 * @param version        of this file's format
 * @param created        RFC 3339
 * @param network        the namespaces, or null for a loopback lab (no namespaces: partitions cannot be applied)
 * @param keeperPid      the process whose life is the lab's: the JVM that built it, or after {@code lab up} a keeper
 * @param prometheus     {@code 127.0.0.1:PORT}, or null when the lab runs without Prometheus
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabState(int version, String created, NetnsLab.Layout network, String clusterObserver, String managementObserver,
                       long keeperPid, String kafka, long kafkaPid, String prometheus, long prometheusPid,
                       List<Node> nodes, List<String> guests, boolean unsafeRecoverWithoutFencing) {
    public static final int VERSION = 1;
    public static final String FILE = "lab.json";

    /**
     * One host.
     *
     * @param namespace null on a loopback lab
     * @param guestHost where its process guests listen (the outside prober asks there)
     */
    public record Node(String name, int index, String dir, String namespace, String clusterAddress, String managementAddress,
                       String guestHost, String metrics, Bmc bmc) {
    }

    /** One host's ipmi_sim. */
    public record Bmc(String dir, String address, int port, long pid, String passwordFile) {
    }

    public LabState {
        nodes = List.copyOf(nodes);
        guests = List.copyOf(guests);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** On loopback: no namespaces. */
    public boolean loopback() {
        return network == null;
    }

    /** The namespaces' prefix, or "loopback". */
    public String label() {
        return network == null ? "loopback" : network.prefix();
    }

    /** Whether the process whose life is the lab's still runs. */
    boolean keeperRunning() {
        return ProcessHandle.of(keeperPid).map(ProcessHandle::isAlive).orElse(false);
    }

    LabState withKeeper(long pid) {
        return new LabState(version, created, network, clusterObserver, managementObserver, pid, kafka, kafkaPid, prometheus,
                prometheusPid, nodes, guests, unsafeRecoverWithoutFencing);
    }

    LabState withPrometheus(String address, long pid) {
        return new LabState(version, created, network, clusterObserver, managementObserver, keeperPid, kafka, kafkaPid, address, pid,
                nodes, guests, unsafeRecoverWithoutFencing);
    }

    public Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in this lab (" + names() + ")"));
    }

    public List<String> names() {
        return nodes.stream().map(Node::name).toList();
    }

    void write(Path dir) throws IOException {
        Path temporary = dir.resolve(FILE + ".tmp");
        Files.write(temporary, mapper().writeValueAsBytes(this));
        Files.move(temporary, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @throws LabException naming the file when it is missing or not a lab's */
    public static LabState read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new LabException("no lab in " + dir + " (no " + FILE + "); start one with: quorate lab up --dir " + dir);
        }
        try {
            LabState state = mapper().readValue(file.toFile(), LabState.class);
            if (state.version() != VERSION) {
                throw new LabException(file + ": format version " + state.version() + ", this quorate reads " + VERSION);
            }
            if (state.nodes().isEmpty()) {
                throw new LabException(file + ": not a lab description (no nodes)");
            }
            return state;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new LabException(file + ": not a lab description (" + where + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new LabException(file + ": cannot read: " + e.getMessage());
        }
    }
}
