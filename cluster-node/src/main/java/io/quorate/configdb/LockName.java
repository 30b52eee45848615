package io.quorate.configdb;

import java.util.Optional;
import java.util.regex.Pattern;

/** Lock names as pve-ha-manager uses them: {@code ha_manager_lock}, {@code ha_agent_n1_lock}, ... */
public final class LockName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}");

    private LockName() {
    }

    public static Optional<String> problem(String name) {
        return name != null && VALID.matcher(name).matches() ? Optional.empty()
                : Optional.of("invalid lock name '" + TreePath.printable(String.valueOf(name))
                        + "': letters, digits and _ . : - (not first), at most 128");
    }
}
