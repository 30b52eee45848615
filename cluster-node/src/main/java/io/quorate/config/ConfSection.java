package io.quorate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A {@code name { ... }} block: its entries in file order, unknown ones included, so writing it back
 * loses nothing. Immutable; the {@code with...} methods return changed copies for config edits.
 */
public record ConfSection(String name, List<ConfEntry> entries, int line) implements ConfEntry {

    public ConfSection {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
    }

    /** A section made in code, for edits and new configs. */
    public ConfSection(String name, List<ConfEntry> entries) {
        this(name, entries, NO_LINE);
    }

    /** Nested sections with this name, in file order. */
    public List<ConfSection> sections(String sectionName) {
        return entries.stream()
                .filter(e -> e instanceof ConfSection s && s.name.equals(sectionName))
                .map(ConfSection.class::cast)
                .toList();
    }

    /** Pairs with this key, in file order (corosync tolerates repeats; readers decide what they mean). */
    public List<ConfPair> pairs(String key) {
        return entries.stream()
                .filter(e -> e instanceof ConfPair p && p.key().equals(key))
                .map(ConfPair.class::cast)
                .toList();
    }

    /** Sets a value: replaces the first pair with this key in place, or appends one if there is none. */
    public ConfSection withValue(String key, String value) {
        List<ConfEntry> changed = new ArrayList<>(entries);
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i) instanceof ConfPair pair && pair.key().equals(key)) {
                changed.set(i, new ConfPair(key, value, pair.line()));
                return withEntries(changed);
            }
        }
        changed.add(new ConfPair(key, value));
        return withEntries(changed);
    }

    /** Applies {@code change} to the first nested section with this name, leaving it where it is. */
    public ConfSection withSection(String sectionName, UnaryOperator<ConfSection> change) {
        List<ConfEntry> changed = new ArrayList<>(entries);
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i) instanceof ConfSection section && section.name.equals(sectionName)) {
                changed.set(i, change.apply(section));
                return withEntries(changed);
            }
        }
        throw new IllegalArgumentException("no section '" + sectionName + "' in '" + name + "'");
    }

    /** Appends an entry at the end. */
    public ConfSection withEntry(ConfEntry entry) {
        List<ConfEntry> changed = new ArrayList<>(entries);
        changed.add(entry);
        return withEntries(changed);
    }

    /** Drops every entry matching {@code unwanted}. */
    public ConfSection without(Predicate<ConfEntry> unwanted) {
        return withEntries(entries.stream().filter(unwanted.negate()).toList());
    }

    public ConfSection withEntries(List<ConfEntry> newEntries) {
        return new ConfSection(name, newEntries, line);
    }

    /** Equal when name and entries are; the line is provenance, not content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConfSection section && name.equals(section.name) && entries.equals(section.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, entries);
    }
}
