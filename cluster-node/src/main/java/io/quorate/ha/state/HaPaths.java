package io.quorate.ha.state;

/** Where HA keeps its state in the config tree, as pve-ha-manager does under {@code /etc/pve}. */
public final class HaPaths {
    public static final String RESOURCES = "ha/resources.cfg";
    public static final String GROUPS = "ha/groups.cfg";
    public static final String RULES = "ha/rules.cfg";
    public static final String FENCE = "ha/fence.cfg";
    public static final String MANAGER_STATUS = "ha/manager_status";
    public static final String CRM_COMMANDS = "ha/crm_commands";
    public static final String DATACENTER = "datacenter.cfg";
    public static final String STORAGE = "storage.cfg";
    public static final String MANAGER_LOCK = "ha_manager_lock";
    /** The lock every edit of the HA config files takes (ha-manager's {@code ha_config} domain lock). */
    public static final String CONFIG_LOCK = "ha_config";

    private HaPaths() {
    }

    public static String lrmStatus(String node) {
        return "nodes/" + node + "/lrm_status";
    }

    public static String agentLock(String node) {
        return "ha_agent_" + node + "_lock";
    }

    /** The guest config of {@code sid} on {@code node}: {@code qemu-server/<id>.conf} for vm, {@code lxc/<id>.conf} for ct. */
    public static String guestConfig(String node, String sid) {
        int colon = sid.indexOf(':');
        String kind = sid.substring(0, colon).equals("ct") ? "lxc" : "qemu-server";
        return "nodes/" + node + "/" + kind + "/" + sid.substring(colon + 1) + ".conf";
    }
}
