package dev.scatter.sim.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framing between a client script and the server. Argv, the working directory and the
 * environment can hold any byte but NUL, so NUL ends each field:
 *
 * <pre>
 * client: "SIMREQ1" NUL program NUL cwd NUL argc NUL arg… NUL NAME=VALUE… NUL NUL
 * server: "STDIN\n"                          (only if the command must read stdin)
 * client: length NUL bytes                   (the client's whole stdin)
 * server: exit SP outlen SP errlen LF stdout-bytes stderr-bytes
 * </pre>
 *
 * The reply's lengths let the client copy each stream with {@code head -c} and no parsing.
 */
final class WireFormat {

    static final String MAGIC = "SIMREQ1";
    static final String NEED_STDIN = "STDIN\n";

    private WireFormat() {
    }

    /** Reads one NUL-terminated field. */
    static String field(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0) {
            if (b < 0) {
                throw new EOFException("request ended early");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    static byte[] bytes(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new EOFException("stdin ended early");
        }
        return data;
    }

    static void reply(OutputStream out, int exit, String stdout, String stderr) throws IOException {
        byte[] o = stdout.getBytes(StandardCharsets.UTF_8);
        byte[] e = stderr.getBytes(StandardCharsets.UTF_8);
        out.write((exit + " " + o.length + " " + e.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(o);
        out.write(e);
        out.flush();
    }
}
