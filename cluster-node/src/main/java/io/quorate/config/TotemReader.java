package io.quorate.config;

import java.util.Set;

/** Reads and validates {@link TotemSettings} from the totem section. */
final class TotemReader {

    private static final Set<String> TRANSPORTS = Set.of("knet", "udp", "udpu");

    private TotemReader() {
    }

    static TotemSettings read(SectionValues totem) throws ConfigException {
        String clusterName = totem.requiredText("cluster_name");
        long configVersion = totem.number("config_version", 0, 0, Long.MAX_VALUE, "an integer >= 0");
        long token = totem.millis("token", TotemSettings.DEFAULT_TOKEN_MS, TotemSettings.MIN_TOKEN_MS);
        long consensus = totem.millis("consensus", TotemSettings.defaultConsensusMs(token), 1);
        boolean secauth = totem.onOff("secauth", true);
        String transport = totem.choice("transport", TotemSettings.DEFAULT_TRANSPORT, TRANSPORTS);
        return new TotemSettings(clusterName, configVersion, token, consensus, secauth, transport);
    }
}
