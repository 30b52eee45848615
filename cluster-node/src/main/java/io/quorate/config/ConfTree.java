package io.quorate.config;

import java.util.List;
import java.util.Objects;

/**
 * A whole corosync.conf as an order-preserving syntax tree. It knows syntax only; what the keys
 * mean is {@link ClusterConfig}'s business, which is why unknown keys survive a round trip.
 *
 * @param root nameless section holding the top-level entries
 */
public record ConfTree(ConfSection root) {

    public ConfTree {
        Objects.requireNonNull(root, "root");
    }

    public static ConfTree of(List<ConfEntry> topLevel) {
        return new ConfTree(new ConfSection("", topLevel));
    }

    /** Parses corosync.conf text; {@code source} names it in error messages. */
    public static ConfTree parse(String text, String source) throws ConfigException {
        return new ConfParser(source).parse(text);
    }

    /** Top-level sections with this name, in file order. */
    public List<ConfSection> sections(String name) {
        return root.sections(name);
    }

    /** corosync.conf text for this tree. */
    public String toText() {
        return ConfWriter.write(this);
    }
}
