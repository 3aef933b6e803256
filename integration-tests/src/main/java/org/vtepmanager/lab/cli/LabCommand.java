package org.vtepmanager.lab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vtep-lab}: builds real Open vSwitch labs for people (demos, debugging) with the tests' own harness. */
@Command(name = "vtep-lab", mixinStandardHelpOptions = true, version = "vtep-lab 0.1.0",
        subcommands = {UpCommand.class, CleanupCommand.class},
        description = "Real Open vSwitch labs: hypervisors, emulated hardware VTEPs, VMs and bare-metal servers "
                + "in network namespaces on this machine (root required).")
public final class LabCommand implements Callable<Integer> {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LabCommand());
        cli.setParameterExceptionHandler((e, parsed) -> {
            cli.getErr().println("vtep-lab: " + e.getMessage().lines().findFirst().orElse("bad arguments")
                    + " (try --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, parsed, result) -> {
            cli.getErr().println("vtep-lab: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }
}
