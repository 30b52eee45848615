package io.quorate.runtime;

import io.quorate.api.ApiTokens;
import io.quorate.config.ClusterConfig;
import io.quorate.config.ConfigException;
import io.quorate.config.NodeEntry;
import io.quorate.node.ClusterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a node reads from its directory before it starts, validated with errors that name the
 * file: identity, cluster config, authkey, API tokens, and its counters. Loading also bumps the
 * incarnation, so every start of the process is told apart in the event stream and on the wire.
 */
public record LoadedNode(NodeFiles files, LocalIdentity identity, int nodeId, ClusterSpec spec, byte[] authkey,
                         ApiTokens tokens, long incarnation, long ringSequence) {

    /** Smallest authkey accepted; corosync-keygen writes 128 bytes (Quorate writes 128 too). */
    public static final int MIN_AUTHKEY_BYTES = 16;

    public static LoadedNode load(Path dir) throws IOException, InvalidNodeDirectoryException {
        NodeFiles files = new NodeFiles(dir);
        if (!Files.isDirectory(dir)) {
            throw new InvalidNodeDirectoryException(dir + ": no such node directory");
        }
        LocalIdentity identity = LocalIdentity.load(dir);
        ClusterConfig config;
        try {
            config = ClusterConfig.load(files.corosyncConf());
        } catch (ConfigException e) {
            throw new InvalidNodeDirectoryException(e.getMessage());
        }
        NodeEntry self = config.node(identity.nodeName()).orElseThrow(() -> new InvalidNodeDirectoryException(
                files.corosyncConf() + ": node '" + identity.nodeName() + "' (named in " + LocalIdentity.FILE
                        + ") is not in the nodelist"));
        byte[] authkey = readAuthkey(files.authkey());
        ApiTokens tokens;
        try {
            tokens = ApiTokens.load(dir);
        } catch (IOException e) {
            throw new InvalidNodeDirectoryException(e.getMessage());
        }
        for (Path required : new Path[] {files.tlsKey(), files.tlsCertificate()}) {
            if (!Files.isRegularFile(required)) {
                throw new InvalidNodeDirectoryException(required + ": missing TLS file (made by 'quorate cm create' / 'cm add')");
            }
        }
        CounterFile incarnationFile = new CounterFile(files.incarnation());
        // Seconds since the epoch when that is higher: a node re-created under a reused node id, with a
        // fresh directory, still starts above the incarnation its peers remember, so they do not
        // take its packets for replays.
        long incarnation = Math.max(incarnationFile.read() + 1, System.currentTimeMillis() / 1000);
        incarnationFile.write(incarnation);
        long ringSequence = new CounterFile(files.ringSequence()).read();
        return new LoadedNode(files, identity, self.nodeId(), SpecMapper.toSpec(config), authkey, tokens, incarnation, ringSequence);
    }

    private static byte[] readAuthkey(Path file) throws IOException, InvalidNodeDirectoryException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidNodeDirectoryException(file + ": missing cluster authkey");
        }
        byte[] key = Files.readAllBytes(file);
        if (key.length < MIN_AUTHKEY_BYTES) {
            throw new InvalidNodeDirectoryException(file + ": authkey is " + key.length + " bytes, needs at least " + MIN_AUTHKEY_BYTES);
        }
        return key;
    }

    public String nodeName() {
        return identity.nodeName();
    }

    public ClusterSpec.Parser parser() {
        return SpecMapper::parse;
    }

    public ClusterConfig config(ClusterSpec current) {
        return SpecMapper.config(current);
    }

    /** Node id → UDP address of every node in a spec's nodelist. */
    public Map<Integer, HostPort> addresses(ClusterSpec current) {
        Map<Integer, HostPort> addresses = new TreeMap<>();
        for (NodeEntry node : config(current).nodes()) {
            addresses.put(node.nodeId(), SpecMapper.address(node));
        }
        return addresses;
    }

    /** Replaces corosync.conf atomically; blocking, call from a worker. */
    public void writeClusterConfig(String corosyncConf) throws IOException {
        Path temp = files.corosyncConf().resolveSibling("corosync.conf.new");
        Files.writeString(temp, corosyncConf);
        Files.move(temp, files.corosyncConf(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String toString() {
        return "LoadedNode[" + identity.nodeName() + " id " + nodeId + " incarnation " + incarnation + "]";
    }
}
