package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two users in two apps never see each other's GLOBAL data; a TOKEN session is reachable only through its token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionIsolationTest {
    private static final List<String> APPS = List.of("app-one", "app-two");

    @RegisterExtension
    final TestHost host = TestHost.perClass(this::hostSettings);

    /** @param config this class's host settings: the embedded store here; the variant on Redis adds its URL */
    void hostSettings(HostConfig config) {
    }
    Map<String, String> tokens;

    @BeforeAll
    void start() {
        String admin = host.adminToken();
        for (String app : APPS) {
            expect(201, host.post("/api/apps", "{\"id\": \"" + app + "\"}", admin));
        }
        host.createUser("ann", "user");
        host.createUser("ben", "user");
        tokens = Map.of("ann", host.login("ann", TestHost.password("ann")),
                "ben", host.login("ben", TestHost.password("ben")));
    }


    @Test
    void globalDataBelongsToOneUserInOneApp() {
        for (String user : tokens.keySet()) {
            for (String app : APPS) {
                expect(200, host.call(app, "session.set-parameters", """
                        {"inputs": {"scope": "GLOBAL", "parameters": [
                          {"name": "note", "dataType": "STRING", "value": "%s"}]}}""".formatted(user + "@" + app),
                        tokens.get(user)));
            }
        }
        for (String user : tokens.keySet()) {
            for (String app : APPS) {
                JsonNode output = json(expect(200, host.call(app, "session.get-parameters",
                        "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"note\"}, "
                                + "{\"name\": \"username\"}]}}", tokens.get(user)))).path("output");
                assertEquals(user + "@" + app, output.path("note").asText());
                assertEquals(user, output.path("username").asText());
            }
        }
        JsonNode admin = json(expect(200, host.call("app-one", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"note\"}]}}", host.adminToken())));
        assertEquals("{}", admin.path("output").toString());
    }

    @Test
    void aTokenSessionIsReachableOnlyThroughItsTokenInItsApp() {
        String sessionToken = json(expect(200, host.call("app-one", "session.start", "{}", tokens.get("ann"))))
                .path("output").path("token").asText();
        expect(200, host.call("app-one", "session.set-parameters", """
                {"inputs": {"scope": "TOKEN", "token": "%s", "parameters": [
                  {"name": "basket", "dataType": "STRING", "value": "ann's basket"}]}}""".formatted(sessionToken),
                tokens.get("ann")));

        String read = "{\"inputs\": {\"scope\": \"%s\", \"token\": \"%s\", \"parameters\": [{\"name\": \"basket\"}]}}";
        // Anyone holding the token reads it (ben, or no user at all) ...
        for (String caller : new String[] {tokens.get("ben"), null}) {
            assertEquals("ann's basket", json(expect(200, host.call("app-one", "session.get-parameters",
                    read.formatted("TOKEN", sessionToken), caller))).path("output").path("basket").asText());
        }
        // ... nobody reaches it another way: not in another app, not with another token, not as GLOBAL data.
        expect(404, host.call("app-two", "session.get-parameters", read.formatted("TOKEN", sessionToken), null));
        expect(404, host.call("app-one", "session.get-parameters",
                read.formatted("TOKEN", sessionToken.substring(1) + "x"), null));
        assertEquals("{}", json(expect(200, host.call("app-one", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"basket\"}]}}",
                tokens.get("ann")))).path("output").toString());
    }
}
