package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.ConnectionState;

/**
 * What the southbound registers for the targets of {@code --ovsdb-connect} and {@code --hardware-vtep-connect} when
 * it starts, on a real store: a named target under its name, and never over what the store already holds.
 */
class CommandLineTargetsTest {

    private static final String SOCKET_A = "unix:/nonexistent/vtep-manager-test/a.sock";
    private static final String SOCKET_B = "unix:/nonexistent/vtep-manager-test/b.sock";

    @TempDir
    Path dir;
    private final Logger registryLog = (Logger) LoggerFactory.getLogger(VtepRegistry.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @Test
    void aNamedHypervisorTargetIsRegisteredAndDialledUnderItsName() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch();
                SouthboundFixture fixture = new SouthboundFixture(dir)) {
            fixture.southbound.start(List.of(ConnectTarget.parse("hv1=" + server.unixTarget())), List.of());

            assertThat(registered(fixture)).containsExactly(Map.entry("hv1", server.unixTarget().toString()));
            assertThatEventually(Duration.ofSeconds(20), () -> fixture.topology.vteps(), views -> assertThat(views)
                    .anySatisfy(view -> {
                        assertThat(view.vtep().id()).isEqualTo(VtepId.of("hv1"));
                        assertThat(view.state()).isEqualTo(ConnectionState.CONNECTED);
                    }));
        }
    }

    @Test
    void aNamedHardwareVtepTargetIsRegisteredAsAHardwareVtep() throws Exception {
        try (SouthboundFixture fixture = new SouthboundFixture(dir)) {
            fixture.southbound.start(List.of(), List.of(ConnectTarget.parse("tor1=" + SOCKET_A)));

            assertThat(fixture.store.current().vteps().get(VtepId.of("tor1")).value().kind())
                    .isEqualTo(VtepKind.HARDWARE_VTEP);
        }
    }

    @Test
    void anUnnamedTargetIsRegisteredUnderAnIdMadeFromIt() throws Exception {
        try (SouthboundFixture fixture = new SouthboundFixture(dir)) {
            fixture.southbound.start(List.of(ConnectTarget.parse(SOCKET_A)), List.of());

            assertThat(registered(fixture)).containsExactly(
                    Map.entry("unix-nonexistent-vtep-manager-test-a.sock", SOCKET_A));
        }
    }

    @Test
    void aRestartWithTheSameTargetsRegistersNothingMore() throws Exception {
        List<ConnectTarget> targets = List.of(ConnectTarget.parse("hv1=" + SOCKET_A), ConnectTarget.parse(SOCKET_B));
        try (SouthboundFixture fixture = new SouthboundFixture(dir)) {
            fixture.southbound.start(targets, List.of());
        }
        try (SouthboundFixture fixture = new SouthboundFixture(dir)) {
            logged.list.clear();
            fixture.southbound.start(targets, List.of());

            assertThat(registered(fixture)).containsExactly(Map.entry("hv1", SOCKET_A),
                    Map.entry("unix-nonexistent-vtep-manager-test-b.sock", SOCKET_B));
            assertThat(warnings()).as("nothing registered again, so nothing refused").isEmpty();
        }
    }

    /**
     * hv1 is registered as a hypervisor dialled at {@code registered}; the command line gives {@code given}
     * ({@code asToR}: to --hardware-vtep-connect).
     */
    @ParameterizedTest(name = "{0} given as {1}")
    @CsvSource(delimiter = '|', value = {
        SOCKET_A + " | old=" + SOCKET_A + " | false | command-line target already registered under another VTEP id; "
                + "kept as registered",
        SOCKET_B + " | hv1=" + SOCKET_A + " | false | command-line VTEP id already registered with another target; "
                + "kept as registered",
        SOCKET_A + " | hv1=" + SOCKET_A + " | true | command-line target already registered as another kind of "
                + "VTEP; kept as registered",
    })
    void aTargetThatCollidesWithWhatIsRegisteredKeepsTheRegistrationWithAWarning(String registered, String given,
            boolean asToR, String warning) throws Exception {
        try (SouthboundFixture fixture = new SouthboundFixture(dir)) {
            register(fixture, "hv1", registered);
            List<ConnectTarget> targets = List.of(ConnectTarget.parse(given));

            fixture.southbound.start(asToR ? List.of() : targets, asToR ? targets : List.of());

            assertThat(registered(fixture)).containsExactly(Map.entry("hv1", registered));
            assertThat(fixture.store.current().vteps().get(VtepId.of("hv1")).value().kind())
                    .isEqualTo(VtepKind.HYPERVISOR);
            assertThat(warnings()).containsExactly(warning);
        }
    }

    @BeforeEach
    void captureRegistryLog() {
        logged.start();
        registryLog.addAppender(logged);
    }

    @AfterEach
    void releaseRegistryLog() {
        registryLog.detachAppender(logged);
    }

    /** The registry's WARN messages so far. */
    private List<String> warnings() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getMessage).toList();
    }

    private static void register(SouthboundFixture fixture, String id, String target) {
        fixture.store.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of(id), VtepKind.HYPERVISOR,
                Optional.of(OvsdbAddress.parse(target)), Optional.empty())));
    }

    /** Every registered VTEP's OVSDB target, by id. */
    private static Map<String, String> registered(SouthboundFixture fixture) {
        Map<String, String> targets = new TreeMap<>();
        fixture.store.current().vteps().forEach((id, vtep) -> targets.put(id.value(),
                vtep.value().ovsdbTarget().map(OvsdbAddress::text).orElse("")));
        return targets;
    }
}
