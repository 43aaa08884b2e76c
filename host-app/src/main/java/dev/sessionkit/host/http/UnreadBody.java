package dev.sessionkit.host.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads what is left of a request body that the route did not read (a {@code GET} sent with a body, a route that
 * ignores its body, a request refused before its body was read), before the answer is written.
 *
 * <p>Jetty consumes unread content itself only up to a buffer's worth; past that it gives up on the connection, and
 * when the answer was already being streamed (a long answer such as {@code GET /api/openapi.yaml} or a plugin's
 * descriptors) the client got it cut off, with no status to go by. Reading at most the host's request size limit
 * costs no more than a route that reads its body; a body over it is left, and Jetty closes the connection after the
 * answer. A route that read its body to the end says so ({@link #readToEnd}), and nothing is read again. Stateless.
 */
public final class UnreadBody {
    private static final String READ = UnreadBody.class.getName() + ".read";

    private UnreadBody() {
    }

    /**
     * Records that a request's body was read to its end, so {@link #drain} has nothing to do.
     *
     * @param ctx a request whose body input stream reached its end (or all of its declared {@code Content-Length})
     */
    public static void readToEnd(Context ctx) {
        ctx.attribute(READ, Boolean.TRUE);
    }

    /**
     * @param limit the host's request body limit in bytes: at most this much is read
     * @return an after-handler that drains the rest of the request body
     */
    public static Handler drain(long limit) {
        return ctx -> {
            if (ctx.attribute(READ) != null) {
                return; // the route read it to its end: nothing left (this skips a read and an 8 KiB buffer)
            }
            long declared = ctx.req().getContentLengthLong();
            if (declared == 0 || declared > limit
                    || (declared < 0 && ctx.header("Transfer-Encoding") == null)) {
                return;
            }
            try (InputStream in = ctx.req().getInputStream()) {
                in.transferTo(new Bounded(limit));
            } catch (IOException | IllegalStateException e) {
                // Nothing left to read, or more than the limit: the answer goes out and Jetty closes the connection.
            }
        };
    }

    /** Discards what it is given, failing past a number of bytes so a never-ending body is not read forever. */
    private static final class Bounded extends OutputStream {
        private long left;

        Bounded(long limit) {
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            left -= length;
            if (left < 0) throw new IOException("more than the limit");
        }
    }
}
