package org.vtepmanager.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.DesiredState;
import org.vtepmanager.core.topology.ObservedState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The desired state of a full mesh, as computed once after every intent change (and read by every packet-in until
 * the next): V hypervisors with configured tunnel IPs, each bound to the same N networks, so every one of the
 * V(V-1) tunnels carries all N. Core only, one thread; the intent is built whole, not written change by change.
 */
@Command(name = "desired-state", mixinStandardHelpOptions = true,
        description = "Time to compute the desired state of V VTEPs in a full mesh, each bound to N networks.")
final class DesiredStateBench implements Callable<Integer> {

    @Option(names = "--vteps", split = ",", defaultValue = "50,200",
            description = "VTEPs, one run each (default: ${DEFAULT-VALUE}; at most 60,000).")
    List<Integer> vteps;

    @Option(names = "--networks", defaultValue = "100",
            description = "Networks every VTEP binds (default: ${DEFAULT-VALUE}; at most 4,094).")
    int networks;

    @Option(names = "--runs", defaultValue = "9",
            description = "Measured computations at each size, after as many unmeasured (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
        if (networks < 1 || networks > VlanId.MAX || runs < 1 || vteps.stream().anyMatch(v -> v < 1 || v > 60_000)) {
            throw new IllegalArgumentException("--networks takes 1.." + VlanId.MAX + ", --vteps 1..60000, --runs 1..");
        }
        Result result = new Result("desired-state").put("networks", networks);
        for (int v : vteps) {
            Intent intent = intent(v);
            double[] millis = new double[runs];
            int tunnels = 0;
            for (int run = -runs; run < runs; run++) {
                long start = System.nanoTime();
                DesiredState desired = DesiredState.compute(intent, ObservedState.NONE);
                if (run >= 0) {
                    millis[run] = (System.nanoTime() - start) / 1e6;
                    tunnels = desired.tunnels().size();
                }
            }
            double median = Figures.median(millis);
            System.out.printf("V=%d N=%d: %d tunnels, computed in %.1f ms (median of %d)%n", v, networks, tunnels,
                    median, runs);
            result.put("compute_ms_" + v, median);
        }
        System.out.println(result.line());
        return 0;
    }

    private Intent intent(int count) {
        TreeMap<Vni, Versioned<VirtualNetwork>> nets = new TreeMap<>();
        TreeMap<VtepId, Versioned<Vtep>> registered = new TreeMap<>();
        TreeMap<PortVlan, Versioned<VlanBinding>> bindings = new TreeMap<>();
        for (int n = 0; n < networks; n++) {
            Vni vni = Vni.of(10_000 + n);
            nets.put(vni, new Versioned<>(new VirtualNetwork(vni, "bench" + n, "", OptionalInt.empty()), 1));
        }
        for (int v = 0; v < count; v++) {
            VtepId id = VtepId.of("hv" + v);
            int w = v + 1;
            TunnelIp ip = TunnelIp.parse("10." + (w >> 16) + "." + ((w >> 8) & 0xff) + "." + (w & 0xff));
            Vtep vtep = new Vtep(id, VtepKind.HYPERVISOR, Optional.empty(), Optional.of(ip));
            registered.put(id, new Versioned<>(vtep, 1));
            for (int n = 0; n < networks; n++) {
                PortVlan at = new PortVlan(id, PortName.of("p1"), VlanId.of(1 + n));
                bindings.put(at, new Versioned<>(new VlanBinding(at, Vni.of(10_000 + n)), 1));
            }
        }
        return new Intent(1, nets, registered, bindings, new TreeMap<>());
    }
}
