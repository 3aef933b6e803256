package org.vtepmanager.lab;

import java.util.List;

/** What a finished command left behind. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result, or throws naming the command and its stderr when it failed. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new LabException("command failed (exit " + exitCode + "): " + String.join(" ", command)
                    + (stderr.isBlank() ? "" : " -- " + stderr.strip()));
        }
        return this;
    }
}
