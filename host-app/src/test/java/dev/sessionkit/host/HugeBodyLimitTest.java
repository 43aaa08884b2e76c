package dev.sessionkit.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A body limit beyond what one array holds: a declared length over it is refused, never cut to a prefix. */
class HugeBodyLimitTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass(config -> config.maxRequestSize = 8L * 1024 * 1024 * 1024);

    @Test
    void aContentLengthPastTheLargestArrayIs413NotATruncatedBody() throws IOException {
        String body = "{\"username\":\"admin\",\"password\":\"" + TestHost.ADMIN_PASSWORD + "\"}";
        for (long declared : new long[] {4_294_967_296L + body.length(), 2_147_483_648L}) {
            String answer = post("/api/auth/login", declared, body);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), declared + ": " + answer);
            assertTrue(answer.contains("\"code\":\"REQUEST_TOO_LARGE\""), answer);
        }
    }

    private String post(String path, long declaredLength, String body) throws IOException {
        try (Socket socket = new Socket("localhost", host.host().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + declaredLength + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
