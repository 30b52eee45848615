package io.quorate.config;

/**
 * Writes a {@link ConfTree} in the layout corosync and Proxmox use: two spaces per nesting level,
 * {@code key: value}, {@code name {} and {@code }} on lines of their own. Comments are not part of
 * the tree, so they are not written.
 */
final class ConfWriter {

    private static final String INDENT = "  ";

    private ConfWriter() {
    }

    static String write(ConfTree tree) {
        StringBuilder out = new StringBuilder();
        writeEntries(tree.root(), 0, out);
        return out.toString();
    }

    private static void writeEntries(ConfSection section, int depth, StringBuilder out) {
        String indent = INDENT.repeat(depth);
        for (ConfEntry entry : section.entries()) {
            if (entry instanceof ConfPair pair) {
                // an empty value is written as "key:" so no line ends in a space
                out.append(indent).append(pair.key()).append(':');
                if (!pair.value().isEmpty()) {
                    out.append(' ').append(pair.value());
                }
                out.append('\n');
            } else if (entry instanceof ConfSection nested) {
                out.append(indent).append(nested.name()).append(" {\n");
                writeEntries(nested, depth + 1, out);
                out.append(indent).append("}\n");
            }
        }
    }
}
