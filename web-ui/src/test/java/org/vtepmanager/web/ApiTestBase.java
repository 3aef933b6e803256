package org.vtepmanager.web;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test against a running API server on a fresh store in a temporary directory, one per test method. */
abstract class ApiTestBase {

    @TempDir
    Path dir;
    ApiFixture api;

    @BeforeEach
    void startApi() throws Exception {
        api = new ApiFixture(dir);
    }

    @AfterEach
    void stopApi() throws Exception {
        api.close();
    }
}
