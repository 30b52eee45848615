package io.quorate.runtime;

import io.quorate.api.ApiTokens;
import io.quorate.config.ClusterConfig;
import io.quorate.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole cluster provisioned at once (all node directories, one authkey, one set of API tokens)
 * and run as separate node processes: what the tests, the bench and the chaos lab start from.
 * {@code cm create}/{@code cm add} do the same one node at a time through a running member.
 */
public final class LocalCluster implements AutoCloseable {
    /** One node: its directory, cluster link and API address. */
    public record Member(String name, Path dir, HostPort link0, HostPort api) {
    }

    private final Map<String, Member> members;
    private final Map<String, NodeProcess> processes = new LinkedHashMap<>();

    private LocalCluster(Map<String, Member> members) {
        this.members = members;
    }

    /** Nodes n1..nN on loopback with free ports, directories under {@code base}. */
    public static LocalCluster onLoopback(Path base, int nodes, long tokenMs) throws IOException {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            members.add(new Member("n" + i, base.resolve("n" + i), new HostPort("127.0.0.1", FreePorts.pick("127.0.0.1")),
                    new HostPort("127.0.0.1", FreePorts.pick("127.0.0.1"))));
        }
        return provision("quorate", members, tokenMs);
    }

    /** Writes every member's directory; the nodelist holds all members with node ids 1..N in order. */
    public static LocalCluster provision(String clusterName, List<Member> members, long tokenMs) throws IOException {
        ClusterConfig config;
        try {
            Member first = members.get(0);
            config = ClusterConfig.create(clusterName, first.name(), first.link0().toString(), tokenMs);
            for (Member member : members.subList(1, members.size())) {
                config = config.withNode(member.name(), member.link0().toString());
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        byte[] authkey = Secrets.newAuthkey();
        ApiTokens tokens = ApiTokens.generate();
        Map<String, Member> byName = new LinkedHashMap<>();
        for (Member member : members) {
            NodeProvisioner.provision(member.dir(), config, authkey, tokens, new LocalIdentity(member.name(), member.api()),
                    NodeProvisioner.ConfigLogStart.BOOTSTRAP);
            byName.put(member.name(), member);
        }
        return new LocalCluster(byName);
    }

    /**
     * A cluster whose node {@code i} lives at {@code lab.address(i)} (cluster link port 5405, API 8006),
     * provisioned under {@code base}; start each member with {@code lab.commandPrefix(i)}.
     */
    public static LocalCluster inNamespaces(io.quorate.lab.NetnsLab lab, Path base, int nodes, String clusterName, long tokenMs)
            throws IOException {
        List<Member> members = new java.util.ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            members.add(new Member("n" + i, base.resolve("n" + i), new HostPort(lab.address(i), 5405),
                    new HostPort(lab.address(i), 8006)));
        }
        return provision(clusterName, members, tokenMs);
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public Member member(String name) {
        Member member = members.get(name);
        if (member == null) {
            throw new IllegalArgumentException("no member " + name + " in " + members.keySet());
        }
        return member;
    }

    public NodeProcess start(String name) throws IOException {
        return start(name, List.of());
    }

    /** Starts (or restarts) a member's process; {@code commandPrefix} e.g. runs it in a namespace. */
    public NodeProcess start(String name, List<String> commandPrefix) throws IOException {
        return start(name, commandPrefix, List.of());
    }

    /** As {@link #start(String, List)}, with {@code nodeOptions} for {@code quorate node run}. */
    public NodeProcess start(String name, List<String> commandPrefix, List<String> nodeOptions) throws IOException {
        NodeProcess process = NodeProcess.start(member(name).dir(), commandPrefix, nodeOptions);
        processes.put(name, process);
        return process;
    }

    public void startAll() throws IOException {
        for (String name : members.keySet()) {
            start(name);
        }
    }

    public NodeProcess process(String name) {
        return processes.get(name);
    }

    /** SIGKILL. */
    public void kill(String name) throws InterruptedException {
        NodeProcess process = processes.get(name);
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (NodeProcess process : processes.values()) {
            process.stop(Duration.ofSeconds(5));
        }
    }
}
