package org.vtepmanager.lab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.vtepmanager.lab.LabJanitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Removes labs left behind by processes that died without tearing them down. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Remove labs whose owning process is gone (or one lab, by prefix).")
final class CleanupCommand implements Callable<Integer> {

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Remove this lab even if its owner is alive.")
    String prefix;

    @Override
    public Integer call() {
        List<String> removed;
        if (prefix != null) {
            LabJanitor.sweep(prefix);
            removed = List.of(prefix);
        } else {
            removed = LabJanitor.sweepOrphans();
        }
        System.out.println(removed.isEmpty() ? "nothing to remove" : "removed " + String.join(" ", removed));
        return 0;
    }
}
