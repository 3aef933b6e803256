package org.vtepmanager.bench;

import java.util.concurrent.ThreadFactory;

/** Thread factories for the benchmark's own executors: daemon threads, named as the app names its threads. */
final class Threads {

    private Threads() {
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
