package io.quorate.ha.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The IPMI fence device (the node's BMC) of one node, an entry of Quorate's {@code ha/fence.cfg}.
 * Keys are named after fence_ipmilan's options, which Proxmox's own fence.cfg passes to the agent
 * ({@code ip}, {@code ipport}, {@code username}, {@code lanplus}, {@code cipher}, {@code privlvl}),
 * except that the password is never in the file: {@code password-file} names a file on each node
 * that holds it (the counterpart of fence_ipmilan's {@code password-script} and of
 * {@code ipmitool -f}), because the config tree is replicated to every node and shown by
 * {@code quorate fs cat}.
 *
 * @param node the node this BMC powers (the section id)
 * @param ip BMC host name or IP address
 * @param ipport BMC UDP port, default 623
 * @param username BMC user ({@code ipmitool -U})
 * @param passwordFile absolute path of the file holding the BMC password ({@code ipmitool -f})
 * @param lanplus IPMI v2.0 RMCP+ ({@code -I lanplus}) rather than v1.5 ({@code -I lan}); default
 *     true (fence_ipmilan's default is false; Quorate fences as the issue specifies, lanplus)
 * @param cipher RMCP+ cipher suite ({@code -C}), 0..17, default 3 (AES-128, HMAC-SHA1)
 * @param privilege session privilege level ({@code -L}), default administrator
 * @param comment free text, one line
 */
public record IpmiFenceDevice(String node, String ip, int ipport, String username, Path passwordFile,
        boolean lanplus, int cipher, IpmiPrivilege privilege, Optional<String> comment) {

    public static final String TYPE = "ipmi";
    public static final int DEFAULT_PORT = 623;
    public static final boolean DEFAULT_LANPLUS = true;
    public static final int DEFAULT_CIPHER = 3;
    public static final int MAX_CIPHER = 17;
    public static final IpmiPrivilege DEFAULT_PRIVILEGE = IpmiPrivilege.ADMINISTRATOR;

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern USER = Pattern.compile("[^\\s:]{1,64}");

    public IpmiFenceDevice {
        HaSyntax.requireNodeName(node);
        requireAddress(ip);
        if (ipport < 1 || ipport > 65535) {
            throw new IllegalArgumentException("ipport must be 1..65535, got " + ipport);
        }
        requireUser(username);
        Objects.requireNonNull(passwordFile, "passwordFile");
        if (!passwordFile.isAbsolute()) {
            throw new IllegalArgumentException("password-file must be an absolute path, got '" + passwordFile + "'");
        }
        if (cipher < 0 || cipher > MAX_CIPHER) {
            throw new IllegalArgumentException("cipher must be 0.." + MAX_CIPHER + ", got " + cipher);
        }
        Objects.requireNonNull(privilege, "privilege");
        comment = HaSyntax.comment(comment);
    }

    /** A device with the defaults: port 623, lanplus, cipher 3, administrator. */
    public static IpmiFenceDevice of(String node, String ip, String username, Path passwordFile) {
        return new IpmiFenceDevice(node, ip, DEFAULT_PORT, username, passwordFile, DEFAULT_LANPLUS, DEFAULT_CIPHER,
                DEFAULT_PRIVILEGE, Optional.empty());
    }

    static String requireAddress(String ip) {
        Objects.requireNonNull(ip, "ip");
        if (!HOST_NAME.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
            throw new IllegalArgumentException("invalid BMC address '" + ip + "': expected a host name or IP address");
        }
        return ip;
    }

    static String requireUser(String username) {
        Objects.requireNonNull(username, "username");
        if (!USER.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "invalid BMC user '" + username + "': 1..64 characters, no blanks or ':'");
        }
        return username;
    }

    static Path parsePasswordFile(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains a NUL character");
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path '" + text + "'");
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("must be an absolute path, got '" + text + "'");
        }
        return path;
    }

    /** ipmitool's interface name: {@code lanplus} or {@code lan}. */
    public String ipmitoolInterface() {
        return lanplus ? "lanplus" : "lan";
    }

    public IpmiFenceDevice withIpport(int newPort) {
        return new IpmiFenceDevice(node, ip, newPort, username, passwordFile, lanplus, cipher, privilege, comment);
    }

    public IpmiFenceDevice withLanplus(boolean newLanplus) {
        return new IpmiFenceDevice(node, ip, ipport, username, passwordFile, newLanplus, cipher, privilege, comment);
    }

    public IpmiFenceDevice withCipher(int newCipher) {
        return new IpmiFenceDevice(node, ip, ipport, username, passwordFile, lanplus, newCipher, privilege, comment);
    }

    public IpmiFenceDevice withPrivilege(IpmiPrivilege newPrivilege) {
        return new IpmiFenceDevice(node, ip, ipport, username, passwordFile, lanplus, cipher, newPrivilege, comment);
    }

    public IpmiFenceDevice withComment(Optional<String> newComment) {
        return new IpmiFenceDevice(node, ip, ipport, username, passwordFile, lanplus, cipher, privilege, newComment);
    }
}
