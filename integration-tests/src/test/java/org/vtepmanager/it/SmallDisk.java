package org.vtepmanager.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vtepmanager.lab.Shell;

/** A tmpfs of a few hundred KiB, to fill: mounted on a directory of its own, unmounted and removed on close. */
final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static SmallDisk mount(String size) {
        try {
            Path mountPoint = Files.createTempDirectory("vtep-small-disk-");
            Shell.run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString()).orThrow();
            return new SmallDisk(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return mountPoint;
    }

    /** Makes room, as an operator who freed space would. */
    void grow(String size) {
        Shell.run("mount", "-o", "remount,size=" + size, mountPoint.toString()).orThrow();
    }

    @Override
    public void close() {
        Shell.run("umount", "--lazy", mountPoint.toString()).orThrow();
        try {
            Files.delete(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
