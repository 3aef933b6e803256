package org.vtepmanager.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vtep-bench NAME}: runs one benchmark and prints its figures, the last line machine-readable. */
@Command(name = "vtep-bench", mixinStandardHelpOptions = true, version = "vtep-bench 0.1.0",
        subcommands = {PacketInBench.class, MacScaleBench.class, MeshConvergenceBench.class, BulkFlowsBench.class,
                DataPlaneBench.class, TorNetworksBench.class, DesiredStateBench.class, SoakBench.class},
        description = "Benchmarks of vtep-manager. Each prints its figures last, on one line: "
                + "RESULT name key=value ...")
public final class BenchCommand implements Callable<Integer> {

    public static void main(String[] args) {
        TempDirs.removeLeftoversAtExit();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setExecutionExceptionHandler((e, parsed, result) -> {
            cli.getErr().println("vtep-bench: " + e.getMessage());
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
