package dev.sessionkit.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request bodies a route leaves unread are drained before the answer goes out, and bodies a route read to their end
 * are not read again: either way the whole answer arrives and the connection carries the next request. Each test
 * sends several requests over one raw HTTP/1.1 connection, as a keep-alive client or a proxy does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadBodyTest {
    private static final int LARGE = 80_000; // several of Jetty's input buffers
    private static final int VALUE = 60_000; // a large value, under the 64 KiB a value may hold

    @RegisterExtension
    final TestHost host = TestHost.perClass();

    /** One answer read off the connection. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    @Test
    void aLongAnswerToARequestWhoseBodyNoRouteReadsArrivesWholeAndTheConnectionGoesOn() throws IOException {
        String document = TestHost.body(TestHost.expect(200, host.get("/api/openapi.yaml", null)));
        try (Socket socket = connect()) {
            send(socket, "GET", "/api/openapi.yaml", "application/json", null, "x".repeat(LARGE));
            Answer answer = read(socket);
            assertEquals(200, answer.status());
            assertEquals(document, answer.body(), "the whole document, not cut off");
            send(socket, "GET", "/health", null, null, null);
            assertEquals(200, read(socket).status(), "the connection carries the next request");
        }
    }

    @Test
    void aLongAnswerWaitsForTheRestOfABodyNoRouteReads() throws IOException {
        String document = TestHost.body(TestHost.expect(200, host.get("/api/openapi.yaml", null)));
        try (Socket socket = connect()) {
            byte[] body = "x".repeat(LARGE).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/openapi.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            // Without the drain, Jetty answered at once and then closed the connection over the unread half (a long
            // answer was cut off): the answer comes only once the whole body is in. Waiting for nothing cannot fail
            // on a slow machine; it only cannot catch an early answer that takes longer than this to come.
            socket.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(),
                    "no answer while half of the body is still to come");
            socket.setSoTimeout(10_000);
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            Answer answer = read(socket);
            assertEquals(200, answer.status());
            assertEquals(document, answer.body(), "the whole document");
            send(socket, "GET", "/health", null, null, null);
            assertEquals(200, read(socket).status(), "the connection carries the next request");
        }
    }

    @Test
    void aBodyRefusedBeforeItIsReadIsDrainedAndTheConnectionGoesOn() throws IOException {
        String token = host.adminToken();
        try (Socket socket = connect()) {
            send(socket, "POST", "/api/apps/default/methods/session.exists", "text/plain", token, "x".repeat(LARGE));
            Answer refused = read(socket);
            assertEquals(415, refused.status());
            assertTrue(refused.body().contains("UNSUPPORTED_MEDIA_TYPE"), refused.body());
            send(socket, "GET", "/api/auth/me", null, token, null);
            assertEquals(200, read(socket).status(), "the connection carries the next request");
        }
    }

    @Test
    void bodiesTheRouteReadToTheirEndLeaveNothingForTheNextRequest() throws IOException {
        String token = host.adminToken();
        String set = """
                {"inputs": {"scope": "GLOBAL", "parameters": [{"name": "note", "dataType": "STRING", "value": "%s"}]}}"""
                .formatted("n".repeat(VALUE));
        String get = "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"note\"}]}}";
        try (Socket socket = connect()) {
            send(socket, "POST", "/api/apps/default/methods/session.set-parameters", "application/json", token, set);
            assertEquals(200, read(socket).status());
            for (int i = 0; i < 3; i++) {
                send(socket, "POST", "/api/apps/default/methods/session.get-parameters", "application/json", token,
                        get);
                Answer answer = read(socket);
                assertEquals(200, answer.status(), answer.body());
                assertTrue(answer.body().contains("\"note\":\"" + "n".repeat(VALUE) + "\""), "the value, whole");
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", host.host().port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String method, String path, String contentType, String token,
                             String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
        if (token != null) head.append("Authorization: Bearer ").append(token).append("\r\n");
        if (body != null) head.append("Content-Length: ").append(bytes.length).append("\r\n");
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** Reads one answer: its status line, headers and body (by Content-Length or chunked). */
    private static Answer read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String status = line(in);
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in); // the CRLF after each chunk
            }
            line(in); // the empty trailer
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("the connection closed mid-answer, after: " + line);
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
