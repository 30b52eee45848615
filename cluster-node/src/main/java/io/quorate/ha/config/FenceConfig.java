package io.quorate.ha.config;

import io.quorate.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Quorate's {@code ha/fence.cfg}: one IPMI fence device per node, in section-config syntax like the
 * other HA files (Proxmox's own fence.cfg is a line format, {@code device}/{@code connect}, for
 * its experimental, unused hardware fencing; Quorate keeps the agent's option names instead of its
 * syntax).
 *
 * <pre>
 * ipmi: node1
 * 	comment rack 3, slot 12
 * 	ip 10.0.10.11
 * 	password-file /etc/quorate/ipmi/node1.password
 * 	username fence
 * 	cipher 3
 * 	ipport 623
 * 	lanplus 1
 * 	privlvl administrator
 * </pre>
 *
 * <p>The section id is the node the BMC powers; one device per node. Required: {@code ip},
 * {@code username}, {@code password-file}; optional with defaults: {@code ipport} 623,
 * {@code lanplus} 1, {@code cipher} 3, {@code privlvl} administrator; {@code comment}. A
 * {@code password} key is refused with a message saying where the password goes: this file is
 * replicated to every node and printed by {@code quorate fs cat}. Writing follows Proxmox's
 * SectionConfig order (comment, required keys sorted, optional keys sorted) and writes every key.
 */
public final class FenceConfig {

    public static final String PATH = "ha/fence.cfg";

    static final String IP = "ip";
    static final String IPPORT = "ipport";
    static final String USERNAME = "username";
    static final String PASSWORD_FILE = "password-file";
    static final String LANPLUS = "lanplus";
    static final String CIPHER = "cipher";
    static final String PRIVLVL = "privlvl";
    static final String COMMENT = "comment";
    private static final Set<String> KEYS = Set.of(IP, IPPORT, USERNAME, PASSWORD_FILE, LANPLUS, CIPHER, PRIVLVL,
            COMMENT);
    private static final Set<String> PASSWORD_KEYS = Set.of("password", "passwd", "password_file", "password-script",
            "password_script");

    private static final FenceConfig EMPTY = new FenceConfig(new LinkedHashMap<>());

    private final Map<String, IpmiFenceDevice> devices;

    private FenceConfig(LinkedHashMap<String, IpmiFenceDevice> devices) {
        this.devices = Collections.unmodifiableMap(devices);
    }

    public static FenceConfig empty() {
        return EMPTY;
    }

    public static FenceConfig of(Collection<IpmiFenceDevice> devices) {
        LinkedHashMap<String, IpmiFenceDevice> map = new LinkedHashMap<>();
        for (IpmiFenceDevice device : devices) {
            if (map.putIfAbsent(device.node(), device) != null) {
                throw new IllegalArgumentException("node '" + device.node() + "' has two fence devices");
            }
        }
        return new FenceConfig(map);
    }

    public static FenceConfig parse(String source, String text) throws ConfigException {
        SectionConfig sections = SectionConfig.parse(source, text);
        LinkedHashMap<String, IpmiFenceDevice> map = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (SectionConfig.Section section : sections.sections()) {
            if (!section.type().equals(IpmiFenceDevice.TYPE)) {
                throw new ConfigException(source, section.line(), "unknown fence device type '" + section.type()
                        + "' in '" + section.label() + "' (known: ipmi)");
            }
            String node = section.id();
            try {
                HaSyntax.requireNodeName(node);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, section.line(), e.getMessage());
            }
            Integer first = lines.putIfAbsent(node, section.line());
            if (first != null) {
                throw new ConfigException(source, section.line(),
                        "node '" + node + "' has a second fence device (first on line " + first + ")");
            }
            for (SectionConfig.Property property : section.properties()) {
                if (PASSWORD_KEYS.contains(property.key())) {
                    // never echo the value: it may be the password itself
                    throw new ConfigException(source, property.line(), "fence device '" + node + "': key '"
                            + property.key() + "' is not allowed: the password never goes into the config tree;"
                            + " put it in a root-only file on each node and name it with 'password-file'");
                }
            }
            SectionReader reader = SectionReader.of(source, section, "fence device '" + node + "'", KEYS);
            String ip = reader.required(IP, IpmiFenceDevice::requireAddress);
            String username = reader.required(USERNAME, IpmiFenceDevice::requireUser);
            Path passwordFile = reader.required(PASSWORD_FILE, IpmiFenceDevice::parsePasswordFile);
            int ipport = reader.optional(IPPORT, v -> HaSyntax.parseInt(v, 1, 65535)).orElse(IpmiFenceDevice.DEFAULT_PORT);
            boolean lanplus = reader.optionalBoolean(LANPLUS).orElse(IpmiFenceDevice.DEFAULT_LANPLUS);
            int cipher = reader.optional(CIPHER, v -> HaSyntax.parseInt(v, 0, IpmiFenceDevice.MAX_CIPHER))
                    .orElse(IpmiFenceDevice.DEFAULT_CIPHER);
            IpmiPrivilege privilege = reader.optional(PRIVLVL, IpmiPrivilege::parse)
                    .orElse(IpmiFenceDevice.DEFAULT_PRIVILEGE);
            Optional<String> comment = reader.optionalText(COMMENT);
            map.put(node, reader.build(() -> new IpmiFenceDevice(node, ip, ipport, username, passwordFile, lanplus,
                    cipher, privilege, comment)));
        }
        return new FenceConfig(map);
    }

    public String write() {
        List<SectionConfig.Section> sections = new ArrayList<>();
        for (IpmiFenceDevice device : devices.values()) {
            List<SectionConfig.Property> properties = new ArrayList<>();
            device.comment().ifPresent(c -> properties.add(new SectionConfig.Property(COMMENT, c)));
            properties.add(new SectionConfig.Property(IP, device.ip()));
            properties.add(new SectionConfig.Property(PASSWORD_FILE, device.passwordFile().toString()));
            properties.add(new SectionConfig.Property(USERNAME, device.username()));
            properties.add(new SectionConfig.Property(CIPHER, Integer.toString(device.cipher())));
            properties.add(new SectionConfig.Property(IPPORT, Integer.toString(device.ipport())));
            properties.add(new SectionConfig.Property(LANPLUS, HaSyntax.formatBoolean(device.lanplus())));
            properties.add(new SectionConfig.Property(PRIVLVL, device.privilege().text()));
            sections.add(new SectionConfig.Section(IpmiFenceDevice.TYPE, device.node(), properties));
        }
        return SectionConfig.of(sections).write();
    }

    /** In file order. */
    public List<IpmiFenceDevice> devices() {
        return List.copyOf(devices.values());
    }

    /** The fence device of this node, if it has one. */
    public Optional<IpmiFenceDevice> deviceFor(String node) {
        return Optional.ofNullable(devices.get(node));
    }

    public boolean isEmpty() {
        return devices.isEmpty();
    }

    /** Adds the device at the end, or replaces the node's device in place. */
    public FenceConfig with(IpmiFenceDevice device) {
        Objects.requireNonNull(device, "device");
        LinkedHashMap<String, IpmiFenceDevice> map = new LinkedHashMap<>(devices);
        map.put(device.node(), device);
        return new FenceConfig(map);
    }

    public FenceConfig without(String node) {
        LinkedHashMap<String, IpmiFenceDevice> map = new LinkedHashMap<>(devices);
        map.remove(node);
        return new FenceConfig(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FenceConfig that && devices().equals(that.devices());
    }

    @Override
    public int hashCode() {
        return devices().hashCode();
    }

    @Override
    public String toString() {
        return "FenceConfig" + devices.values();
    }
}
