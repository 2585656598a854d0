package dev.scatter.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BaseJsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * JSON through Jackson's tree model only: no reflection on our classes, so a native image needs no
 * registration.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String compact(JsonNode node) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A generator that writes to {@code out} as {@link #pretty} does, for an answer too large to hold
     * as one tree (status --json --all of a million entries): the caller writes the outer structure
     * and {@link #write} each part. Closing it flushes but leaves {@code out} open.
     */
    public static JsonGenerator prettyGenerator(Writer out) {
        try {
            JsonGenerator g = MAPPER.getFactory().createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return g.setPrettyPrinter(new DefaultPrettyPrinter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} at the generator's place, indented as {@link #pretty} would (no flush per node). */
    public static void write(JsonGenerator g, JsonNode node) {
        try {
            ((BaseJsonNode) node).serialize(g, MAPPER.getSerializerProviderInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, JsonNode node) {
        AtomicFiles.write(file, pretty(node).getBytes(StandardCharsets.UTF_8));
    }

    public static ObjectNode read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (!(node instanceof ObjectNode o)) {
                throw new IOException("not a JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
