package org.vtepmanager.web;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the web-ui's own resources once at start-up, so serving them never touches the disk or a jar. */
public final class Classpath {

    private Classpath() {
    }

    /** The bytes of classpath resource {@code path} (absolute, e.g. {@code /api/openapi.json}); fails if absent. */
    public static Buffer read(String path) {
        try (InputStream in = Classpath.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + path + " is missing from the web-ui jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("classpath resource " + path + " cannot be read", e);
        }
    }
}
