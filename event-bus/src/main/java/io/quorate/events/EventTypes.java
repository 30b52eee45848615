package io.quorate.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registry of every event record: type name ↔ record class. */
public final class EventTypes {
    private static final Map<String, Class<? extends EventData>> BY_NAME;

    static {
        Map<String, Class<? extends EventData>> byName = new LinkedHashMap<>();
        for (Class<?> family : EventData.class.getPermittedSubclasses()) {
            for (Class<?> kind : family.getPermittedSubclasses()) {
                Class<? extends EventData> record = kind.asSubclass(EventData.class);
                String name = nameOf(record);
                if (byName.put(name, record) != null) {
                    throw new IllegalStateException("two event records share the type " + name);
                }
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private EventTypes() {
    }

    public static String nameOf(Class<?> record) {
        EventType type = record.getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalStateException(record.getName() + " lacks @EventType");
        }
        return type.value();
    }

    public static int versionOf(Class<?> record) {
        return record.getAnnotation(EventType.class).version();
    }

    /** The record class for a type name, or null when the name is unknown. */
    public static Class<? extends EventData> forName(String name) {
        return BY_NAME.get(name);
    }

    public static List<Class<? extends EventData>> all() {
        return List.copyOf(BY_NAME.values());
    }
}
