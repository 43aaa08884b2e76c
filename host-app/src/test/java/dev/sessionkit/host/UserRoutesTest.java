package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.Response;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserRoutesTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();



    @Test
    void adminsCreateListAndDeleteUsers() throws Exception {
        String admin = host.adminToken();
        Response created = expect(201, host.post("/api/users",
                "{\"username\":\"Bea\",\"password\":\"a long enough password\",\"roleId\":\"builder\"}", admin));
        JsonNode bea = json(created);
        assertEquals("Bea", bea.path("username").asText());
        assertEquals("builder", bea.path("roleId").asText());
        assertEquals(List.of("/api/users/" + bea.path("id").asText()), created.headers().get("Location"));
        assertEquals(200, host.post("/api/auth/login",
                "{\"username\":\"bea\",\"password\":\"a long enough password\"}", null).code());

        JsonNode defaulted = json(expect(201, host.post("/api/users",
                "{\"username\":\"cy\",\"password\":\"a long enough password\"}", admin)));
        assertEquals("user", defaulted.path("roleId").asText());

        List<String> listed = texts(json(expect(200, host.get("/api/users", admin))), "username");
        assertTrue(listed.containsAll(List.of("admin", "Bea", "cy")), listed.toString());
        String file = Files.readString(host.dataDir().resolve("users.json"));
        assertFalse(file.contains("a long enough password"), "the password is stored in clear");
        assertTrue(file.contains("\"passwordHash\" : \"$2a$04$"), file);

        expect(204, host.delete("/api/users/" + bea.path("id").asText(), admin));
        assertFalse(texts(json(host.get("/api/users", admin)), "username").contains("Bea"));
        assertError(404, "USER_NOT_FOUND", host.delete("/api/users/" + bea.path("id").asText(),
                admin));
    }

    @Test
    void badUsersAre400AndDuplicates409() {
        String admin = host.adminToken();
        assertError(400, "PASSWORD_TOO_SHORT", host.post("/api/users",
                "{\"username\":\"dan\",\"password\":\"short\"}", admin));
        assertError(400, "PASSWORD_BLANK", host.post("/api/users",
                "{\"username\":\"dan\",\"password\":\"              \"}", admin));
        assertError(400, "PASSWORD_TOO_LONG", host.post("/api/users",
                "{\"username\":\"dan\",\"password\":\"" + "x".repeat(257) + "\"}", admin));
        assertError(400, "INVALID_USERNAME", host.post("/api/users",
                "{\"username\":\"dan smith\",\"password\":\"a long enough password\"}", admin));
        assertError(400, "UNKNOWN_ROLE", host.post("/api/users",
                "{\"username\":\"dan\",\"password\":\"a long enough password\",\"roleId\":\"root\"}", admin));
        assertError(400, "INVALID_INPUT", host.post("/api/users", "{\"username\":\"dan\"}", admin));

        expect(201, host.post("/api/users", "{\"username\":\"eve\",\"password\":\"a long enough password\"}", admin));
        assertError(409, "USERNAME_TAKEN", host.post("/api/users",
                "{\"username\":\"EVE\",\"password\":\"another long password\"}", admin));
    }

    @Test
    void theLastAdminCannotBeDeleted() {
        String admin = host.adminToken();
        String adminId = json(host.get("/api/auth/me", admin)).path("id").asText();
        assertError(409, "LAST_ADMIN", host.delete("/api/users/" + adminId, admin));

        String secondId = host.createUser("second-admin", "admin");
        String second = host.login("second-admin", TestHost.password("second-admin"));
        expect(204, host.delete("/api/users/" + secondId, second));
        assertError(401, "UNKNOWN_USER", host.get("/api/users", second));
    }

    @Test
    void onlyAdminsManageUsers() {
        host.createUser("fay", "builder");
        String fay = host.login("fay", TestHost.password("fay"));
        assertError(403, "FORBIDDEN", host.get("/api/users", fay));
        assertError(403, "FORBIDDEN", host.post("/api/users",
                "{\"username\":\"gil\",\"password\":\"a long enough password\"}", fay));
        assertError(403, "FORBIDDEN", host.delete("/api/users/anyone", fay));
        assertError(401, "AUTHENTICATION_REQUIRED", host.get("/api/users", null));
        assertError(401, "AUTHENTICATION_REQUIRED", host.post("/api/users", "{}", null));
        assertError(401, "AUTHENTICATION_REQUIRED", host.delete("/api/users/anyone", null));
    }

}
