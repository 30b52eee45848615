package io.quorate.runtime;

import io.quorate.config.ClusterConfig;
import io.quorate.config.ConfigException;
import io.quorate.config.NodeEntry;
import io.quorate.config.QuorumSettings;
import io.quorate.membership.MembershipTimers;
import io.quorate.node.ClusterSpec;
import io.quorate.quorum.QuorumOptions;
import io.quorate.quorum.Voter;
import io.quorate.quorum.VoterConfig;
import java.util.List;

/** Maps a parsed corosync.conf onto what the deterministic cores take. */
public final class SpecMapper {
    /**
     * What {@code cm status} reports as Transport: Quorate speaks its own authenticated UDP unicast
     * protocol whatever the config's {@code transport} says (Proxmox writes knet).
     */
    public static final String TRANSPORT = "udpu";

    private SpecMapper() {
    }

    public static ClusterSpec toSpec(ClusterConfig config) {
        List<Voter> voters = config.nodes().stream().map(n -> new Voter(n.nodeId(), n.name(), n.votes())).toList();
        QuorumSettings q = config.quorum();
        QuorumOptions options = new QuorumOptions(q.expectedVotes(), q.twoNode(), q.waitForAll(), q.lastManStanding(),
                q.lastManStandingWindowMs(), q.autoTieBreaker());
        return new ClusterSpec(config.clusterName(), config.configVersion(), MembershipTimers.of(config.token(), config.consensus()),
                new VoterConfig(voters, options), TRANSPORT, config.secauth(), config.toText());
    }

    public static ClusterSpec parse(String corosyncConf) throws ConfigException {
        return toSpec(ClusterConfig.parse(corosyncConf, "corosync.conf"));
    }

    /** The config behind a spec; specs are only made from valid configs, so this cannot fail. */
    public static ClusterConfig config(ClusterSpec spec) {
        try {
            return ClusterConfig.parse(spec.corosyncConf(), "corosync.conf");
        } catch (ConfigException e) {
            throw new IllegalStateException("a spec's own corosync.conf no longer parses: " + e.getMessage(), e);
        }
    }

    static HostPort address(NodeEntry node) {
        return new HostPort(node.host(), node.port());
    }
}
