package io.quorate.node;

import io.quorate.membership.MembershipTimers;
import io.quorate.quorum.QuorumOptions;
import io.quorate.quorum.Voter;
import io.quorate.quorum.VoterConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the cores need from one corosync.conf: the cluster's name and config version, membership
 * timers, the voters and votequorum options, plus the text itself so it can be handed to peers.
 */
public record ClusterSpec(String clusterName, long configVersion, MembershipTimers timers, VoterConfig voters,
                          String transport, boolean secureAuth, String corosyncConf) {

    public ClusterSpec {
        voters = new VoterConfig(List.copyOf(voters.voters()), voters.options());
    }

    /** Node id → name of every configured node. */
    public Map<Integer, String> nodelist() {
        Map<Integer, String> nodes = new TreeMap<>();
        for (Voter voter : voters.voters()) {
            nodes.put(voter.nodeId(), voter.name());
        }
        return nodes;
    }

    public Optional<Voter> node(int nodeId) {
        return voters.voters().stream().filter(v -> v.nodeId() == nodeId).findFirst();
    }

    public Optional<Voter> node(String name) {
        return voters.voters().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public QuorumOptions quorumOptions() {
        return voters.options();
    }

    /** Turns corosync.conf text into a spec; used for configs that arrive from peers. */
    @FunctionalInterface
    public interface Parser {
        ClusterSpec parse(String corosyncConf) throws Exception;
    }
}
