package io.quorate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quorate.api.ApiTokens.Role;

class ApiTokensTest {

    @TempDir
    Path dir;

    @Test
    void generatesTwoOwnerOnlyTokenFilesInProxmoxFormat() throws Exception {
        ApiTokens.generate(dir);

        for (String[] file : new String[][] {{"api-token", "root@pam!quorate="}, {"api-token-ro", "root@pam!monitoring="}}) {
            Path path = dir.resolve(file[0]);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            String content = Files.readString(path);
            assertTrue(content.startsWith(file[1]) && content.endsWith("\n"), file[0]);
            String secret = content.substring(file[1].length()).strip();
            assertEquals(secret, UUID.fromString(secret).toString(), "secret is a UUID");
        }
    }

    @Test
    void eachGenerationMakesNewSecrets() throws Exception {
        ApiTokens first = ApiTokens.generate(dir);
        ApiTokens second = ApiTokens.generate(dir);
        assertNotEquals(first.admin().text(), second.admin().text());
        assertNotEquals(first.admin().text(), first.readOnly().text().replace("monitoring", "quorate"));
    }

    @Test
    void loadedTokensAuthenticateAsGenerated() throws Exception {
        ApiTokens generated = ApiTokens.generate(dir);
        ApiTokens loaded = ApiTokens.load(dir);

        assertEquals(Role.ADMIN, loaded.authenticate("PVEAPIToken=" + generated.admin().text()));
        assertEquals(Role.READ_ONLY, loaded.authenticate("PVEAPIToken=" + generated.readOnly().text()));
        assertEquals(Role.ADMIN, loaded.authenticate("  PVEAPIToken=" + generated.admin().text() + " "));
    }

    @Test
    void wrongSecretsAndSwappedIdsAreRejected() throws Exception {
        ApiTokens tokens = ApiTokens.generate(dir);
        String adminSecret = secretOf(tokens.admin());
        String readOnlySecret = secretOf(tokens.readOnly());

        assertEquals(Role.NONE, tokens.authenticate("PVEAPIToken=root@pam!quorate=" + UUID.randomUUID()));
        assertEquals(Role.NONE, tokens.authenticate("PVEAPIToken=root@pam!quorate=" + readOnlySecret));
        assertEquals(Role.NONE, tokens.authenticate("PVEAPIToken=root@pam!monitoring=" + adminSecret));
        assertEquals(Role.NONE, tokens.authenticate("PVEAPIToken=root@pam!quorate=" + adminSecret.substring(1)));
        assertEquals(Role.NONE, tokens.authenticate("PVEAPIToken=root@pam!quorate=" + adminSecret + "0"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "PVEAPIToken=", "PVEAPIToken", "Bearer abc", "PVEAPIToken=root@pam!quorate",
            "PVEAPIToken=root@pam!quorate=", "PVEAuthCookie=PVE:root@pam:1234", "pveapitoken=x=y"})
    void malformedHeadersGetNoRole(String header) throws Exception {
        assertEquals(Role.NONE, ApiTokens.generate(dir).authenticate(header));
    }

    @Test
    void toStringShowsTokenIdsButNoSecrets() throws Exception {
        ApiTokens tokens = ApiTokens.generate(dir);
        String text = tokens.toString();
        assertFalse(text.contains(secretOf(tokens.admin())), text);
        assertFalse(text.contains(secretOf(tokens.readOnly())), text);
        assertTrue(text.contains("root@pam!quorate") && text.contains("root@pam!monitoring"), text);
        assertFalse(tokens.admin().toString().contains(secretOf(tokens.admin())));
    }

    @Test
    void missingFileIsNamed() throws Exception {
        ApiTokens.generate(dir);
        Files.delete(dir.resolve("api-token-ro"));
        var error = assertThrows(ApiTokenFileException.class, () -> ApiTokens.load(dir));
        assertEquals("API token file " + dir.resolve("api-token-ro") + " does not exist", error.getMessage());
    }

    @Test
    void emptyFileIsNamed() throws Exception {
        ApiTokens.generate(dir);
        Files.writeString(dir.resolve("api-token"), "\n");
        var error = assertThrows(ApiTokenFileException.class, () -> ApiTokens.load(dir));
        assertEquals("API token file " + dir.resolve("api-token") + " is empty", error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "root@pam!monitoring=0b7c2a3e-secret\n",       // the read-only token in the admin file
            "0b7c2a3e-secret\n",                           // secret without id
            "root@pam!quorate=\n",                         // id without secret
            "root@pam!quorate=0b7c2a3e secret\n",          // blank inside the secret
            "root@pam!quorate=0b7c2a3e-secret\nsecond\n"}) // two lines
    void malformedFileIsNamedWithoutQuotingItsContent(String content) throws Exception {
        ApiTokens.generate(dir);
        Files.writeString(dir.resolve("api-token"), content);

        var error = assertThrows(ApiTokenFileException.class, () -> ApiTokens.load(dir));

        assertTrue(error.getMessage().startsWith("API token file " + dir.resolve("api-token") + " is malformed: "),
                error.getMessage());
        assertFalse(error.getMessage().contains("0b7c2a3e"), error.getMessage());
    }

    @Test
    void fileWithoutTrailingNewlineOrWithCrLfLoads() throws Exception {
        ApiTokens generated = ApiTokens.generate(dir);
        Files.writeString(dir.resolve("api-token"), generated.admin().text());
        Files.writeString(dir.resolve("api-token-ro"), generated.readOnly().text() + "\r\n");

        ApiTokens loaded = ApiTokens.load(dir);

        assertEquals(Role.ADMIN, loaded.authenticate("PVEAPIToken=" + generated.admin().text()));
        assertEquals(Role.READ_ONLY, loaded.authenticate("PVEAPIToken=" + generated.readOnly().text()));
    }

    @Test
    void inMemoryTokensTravelAsTextAndAreWrittenByEachNode(@TempDir Path otherNode) throws Exception {
        ApiTokens cluster = ApiTokens.generate();
        ApiTokens received = ApiTokens.of(cluster.admin().text(), cluster.readOnly().text());
        received.writeTo(otherNode);

        ApiTokens loaded = ApiTokens.load(otherNode);
        assertEquals(Role.ADMIN, loaded.authenticate("PVEAPIToken=" + cluster.admin().text()));
        assertEquals(Role.READ_ONLY, loaded.authenticate("PVEAPIToken=" + cluster.readOnly().text()));
    }

    @Test
    void malformedTokenTextIsRejectedWithoutQuotingIt() {
        String swapped = "root@pam!monitoring=0b7c2a3e-secret";
        var error = assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(swapped, swapped));
        assertTrue(error.getMessage().startsWith("admin API token text is malformed"), error.getMessage());
        assertFalse(error.getMessage().contains("0b7c2a3e"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.of("root@pam!quorate=x", null));
    }

    private static String secretOf(ApiToken token) {
        return token.text().substring(token.id().length() + 1);
    }
}
