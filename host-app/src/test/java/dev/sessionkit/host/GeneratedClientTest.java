package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkit.client.ApiClient;
import dev.sessionkit.client.ApiException;
import dev.sessionkit.client.api.AuthenticationApi;
import dev.sessionkit.client.api.MethodsApi;
import dev.sessionkit.client.model.ErrorError;
import dev.sessionkit.client.model.LoginAnswer;
import dev.sessionkit.client.model.LoginRequest;
import dev.sessionkit.client.model.SessionGetParametersAnswer;
import dev.sessionkit.client.model.SessionGetParametersCall;
import dev.sessionkit.client.model.SessionGetParametersInputs;
import dev.sessionkit.client.model.SessionGetParametersParametersItem;
import dev.sessionkit.client.model.SessionInfoAnswer;
import dev.sessionkit.client.model.SessionInfoCall;
import dev.sessionkit.client.model.SessionInfoInputs;
import dev.sessionkit.client.model.SessionSetParametersAnswer;
import dev.sessionkit.client.model.SessionSetParametersCall;
import dev.sessionkit.client.model.SessionSetParametersInputs;
import dev.sessionkit.client.model.SessionSetParametersParametersItem;
import dev.sessionkit.client.model.SessionSetParametersParametersItem.DataTypeEnum;
import dev.sessionkit.client.model.SessionStartAnswer;
import dev.sessionkit.client.model.SessionStartCall;
import dev.sessionkit.client.model.SessionStartInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's five minutes with curl, through the Java client that OpenAPI Generator made from the served document
 * at build time (host-app/pom.xml: {@code export-openapi} writes what a fresh host serves at
 * {@code GET /api/openapi.json} to {@code target/openapi/sessionkit.json}; {@code generated-client} generates
 * {@code dev.sessionkit.client} from it into the test sources). Sign in, typed set and get in the GLOBAL session, the
 * refused {@code "three"} with its error parsed into the document's {@code Error}, a TOKEN session started anonymously,
 * logout and the {@code 401} that follows. Any drift between what the host answers and what its document says fails
 * here: a renamed field, a missing key, a changed status, an operation gone.
 */
class GeneratedClientTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    private static final String APP = "default";

    @Test
    void theClientWasGeneratedFromTheDocumentThisHostServes() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode generatedFrom = json.readTree(Files.readString(Path.of("target/openapi/sessionkit.json")));
        JsonNode served = json.readTree(body(expect(200, host.get("/api/openapi.json", null))));
        assertEquals(generatedFrom, served, "target/openapi/sessionkit.json is not what GET /api/openapi.json "
                + "serves: build again (./mvnw -pl host-app -am test-compile) so the client is generated anew");
    }

    @Test
    void theReadmeWalkThrough() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + host.host().port());
        AuthenticationApi auth = new AuthenticationApi(client);
        MethodsApi methods = new MethodsApi(client);
        ObjectMapper mapper = client.getObjectMapper();

        // Sign in: the answer carries a JWT.
        LoginAnswer login = auth.login(new LoginRequest().username("admin").password(TestHost.ADMIN_PASSWORD));
        assertEquals("Bearer", login.getTokenType().getValue());
        assertEquals("admin", login.getUser().getUsername());
        Map<String, String> signedIn = Map.of("Authorization", "Bearer " + login.getToken());

        // Set typed parameters in the GLOBAL session ("3" is coerced to the INTEGER 3).
        SessionSetParametersAnswer set = methods.callSessionSetParameters(APP, new SessionSetParametersCall().inputs(
                new SessionSetParametersInputs().scope(SessionSetParametersInputs.ScopeEnum.GLOBAL)
                        .addParametersItem(parameter("cartId", DataTypeEnum.STRING, "cart-42"))
                        .addParametersItem(parameter("itemCount", DataTypeEnum.INTEGER, "3"))), signedIn);
        assertEquals(Map.of("cartId", "cart-42", "itemCount", 3), set.getOutput());
        assertEquals("session.set-parameters", set.getMeta().getMethod());
        assertEquals("session-plugin", set.getMeta().getPlugin());
        assertTrue(set.getMeta().getVersion() > 0, "meta.version is listed, so the client keeps it");

        // Get them back (every GLOBAL session also remembers the username).
        SessionGetParametersAnswer got = methods.callSessionGetParameters(APP, new SessionGetParametersCall().inputs(
                new SessionGetParametersInputs().scope(SessionGetParametersInputs.ScopeEnum.GLOBAL)
                        .addParametersItem(new SessionGetParametersParametersItem().name("cartId"))
                        .addParametersItem(new SessionGetParametersParametersItem().name("itemCount"))
                        .addParametersItem(new SessionGetParametersParametersItem().name("username"))), signedIn);
        assertEquals(Map.of("cartId", "cart-42", "itemCount", 3, "username", "admin"), got.getOutput());
        assertEquals(List.of(), got.getMeta().getMissing());

        // A value that does not fit its type is refused, naming the parameter, the type and the value.
        ApiException refused = assertThrows(ApiException.class, () -> methods.callSessionSetParameters(APP,
                new SessionSetParametersCall().inputs(new SessionSetParametersInputs()
                        .scope(SessionSetParametersInputs.ScopeEnum.GLOBAL)
                        .addParametersItem(parameter("itemCount", DataTypeEnum.INTEGER, "three"))), signedIn));
        assertEquals(400, refused.getCode());
        ErrorError error = mapper.readValue(refused.getResponseBody(), dev.sessionkit.client.model.Error.class)
                .getError();
        assertEquals("INVALID_INPUT", error.getCode());
        assertTrue(error.getMessage().contains("'parameters[0].value' expects INTEGER but received \"three\""),
                error.getMessage());
        assertEquals("parameters[0].value", error.getDetails().getViolations().get(0).getField());
        assertEquals("TYPE_MISMATCH", error.getDetails().getViolations().get(0).getCode());

        // A TOKEN session (an anonymous basket, gone after 15 idle minutes): started and used without a token.
        SessionStartAnswer started = methods.callSessionStart(APP, new SessionStartCall()
                .inputs(new SessionStartInputs().idleTimeoutSeconds(900L)));
        String basket = (String) started.getOutput().get("token");
        assertTrue(basket != null && !basket.isBlank(), started.toString());
        SessionSetParametersAnswer items = methods.callSessionSetParameters(APP, new SessionSetParametersCall()
                .inputs(new SessionSetParametersInputs().scope(SessionSetParametersInputs.ScopeEnum.TOKEN).token(basket)
                        .addParametersItem(parameter("items", DataTypeEnum.ARRAY, List.of("sku-1")))));
        assertEquals(Map.of("items", List.of("sku-1")), items.getOutput());
        SessionInfoAnswer info = methods.callSessionInfo(APP, new SessionInfoCall().inputs(new SessionInfoInputs()
                .scope(SessionInfoInputs.ScopeEnum.TOKEN).token(basket)));
        assertEquals("TOKEN", info.getOutput().get("scope"));
        assertEquals(1, info.getOutput().get("keyCount"));
        assertEquals(900, info.getOutput().get("remainingSeconds"));

        // Log out: the GLOBAL sessions end and the token is refused from now on.
        auth.logout(signedIn);
        ApiException revoked = assertThrows(ApiException.class, () -> auth.me(signedIn));
        assertEquals(401, revoked.getCode());
        assertEquals("TOKEN_REVOKED", mapper.readValue(revoked.getResponseBody(),
                dev.sessionkit.client.model.Error.class).getError().getCode());
    }

    private static SessionSetParametersParametersItem parameter(String name, DataTypeEnum type, Object value) {
        return new SessionSetParametersParametersItem().name(name).dataType(type).value(value);
    }
}
