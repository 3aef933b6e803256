package org.vtepmanager.core.mac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.core.intent.IntentFixtures.applyAll;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.portVlan;
import static org.vtepmanager.core.intent.IntentFixtures.staticMac;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentEvent;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.StaticMac;
import org.vtepmanager.core.intent.VlanBinding;

class MacTablesTest {

    private final MacTables tables = new MacTables(MacTableConfig.DEFAULTS,
            Clock.fixed(Instant.ofEpochSecond(1_000), ZoneOffset.UTC));
    private final MacLocation vm1 = new MacLocation.Local(portVlan("hv1", "vm1", 0));
    private final Intent intent = applyAll(Intent.EMPTY, vtep("hv1", "192.0.2.1", null), network(5000),
            network(6000), binding("hv1", "vm1", 0, 5000));

    @Test
    void staticMacsFollowIntentEventsAndFiltersSelectBySourceVtepAndVni() {
        IntentChange add = staticMac(5000, "02:00:00:00:00:01", vm1);
        tables.event(new IntentEvent(5, add, intent.apply(add)));
        tables.learn(Vni.of(6000), MacAddress.parse("02:00:00:00:00:02"), new MacLocation.Remote(VtepId.of("tor1")),
                MacSource.HARDWARE_VTEP);

        assertThat(tables.entries(MacFilter.ALL)).hasSize(2);
        assertThat(tables.entries(new MacFilter(Optional.empty(), Optional.empty(), Optional.of(MacSource.STATIC))))
                .singleElement().satisfies(e -> assertThat(e.location()).isEqualTo(vm1));
        assertThat(tables.entries(new MacFilter(Optional.of(Vni.of(6000)), Optional.empty(), Optional.empty())))
                .singleElement().satisfies(e -> assertThat(e.source()).isEqualTo(MacSource.HARDWARE_VTEP));
        assertThat(tables.entries(new MacFilter(Optional.empty(), Optional.of(VtepId.of("tor1")), Optional.empty())))
                .hasSize(1);

        IntentChange delete = new IntentChange.DeleteStaticMac(new StaticMac.Key(Vni.of(5000),
                MacAddress.parse("02:00:00:00:00:01")));
        tables.event(new IntentEvent(6, delete, intent));
        assertThat(tables.entries(MacFilter.ALL)).hasSize(1);
    }

    @Test
    void aMoveIsToldWithWhereTheMacWasWhicheverSouthboundLearnedItAndNothingElseIs() {
        List<List<Object>> moves = new ArrayList<>();
        tables.addMoveListener((vni, mac, from, to) -> moves.add(List.of(vni, mac, from, to)));
        MacAddress mac = MacAddress.parse("02:00:00:00:00:07");
        MacLocation tor = new MacLocation.Remote(VtepId.of("tor1"));
        IntentChange pin = staticMac(5000, "02:00:00:00:00:08", vm1);
        tables.event(new IntentEvent(5, pin, intent.apply(pin)));

        tables.learn(Vni.of(5000), mac, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(5000), mac, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(5000), mac, tor, MacSource.HARDWARE_VTEP);
        LearnOutcome pinned = tables.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:08"), tor,
                MacSource.HARDWARE_VTEP);

        assertThat(pinned).isEqualTo(LearnOutcome.STATIC_PINNED);
        assertThat(moves).containsExactly(List.of(Vni.of(5000), mac, vm1, tor));
    }

    @Test
    void refusedLearnsAreCountedByWhyAndAcceptedOnesAreNot() {
        MacTables onePerPort = new MacTables(new MacTableConfig(Duration.ofSeconds(300), 5, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1, 1 << 20), Clock.fixed(Instant.ofEpochSecond(1_000), ZoneOffset.UTC));
        IntentChange pin = staticMac(5000, "02:00:00:00:00:08", vm1);
        onePerPort.event(new IntentEvent(5, pin, intent.apply(pin)));
        MacLocation vm2 = new MacLocation.Local(portVlan("hv1", "vm2", 0));

        onePerPort.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:01"), vm2, MacSource.LEARNED);
        onePerPort.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:01"), vm2, MacSource.LEARNED);
        onePerPort.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:02"), vm2, MacSource.LEARNED);
        onePerPort.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:03"), vm2, MacSource.LEARNED);
        onePerPort.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:08"),
                new MacLocation.Remote(VtepId.of("tor1")), MacSource.HARDWARE_VTEP);

        assertThat(onePerPort.refusedLearns(LearnOutcome.PORT_FULL)).isEqualTo(2);
        assertThat(onePerPort.refusedLearns(LearnOutcome.STATIC_PINNED)).isEqualTo(1);
        assertThat(onePerPort.refusedLearns(LearnOutcome.DAMPED)).isZero();
        assertThat(onePerPort.refusedLearns(LearnOutcome.LEARNED)).as("accepted learns").isZero();
    }

    @Test
    void entriesComeByNetworkThenMacEachWithTheFirstIpItsOwnNetworkSawItClaim() throws Exception {
        MacAddress low = MacAddress.parse("02:00:00:00:00:01");
        MacAddress high = MacAddress.parse("02:00:00:00:00:09");
        tables.learn(Vni.of(6000), low, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(5000), high, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(5000), low, vm1, MacSource.LEARNED);
        tables.gleanArp(Vni.of(5000), InetAddress.getByName("10.0.0.7"), high);
        tables.gleanArp(Vni.of(5000), InetAddress.getByName("10.0.0.3"), high);
        tables.gleanArp(Vni.of(6000), InetAddress.getByName("10.0.0.1"), high);

        List<MacEntry> entries = tables.entries(MacFilter.ALL);

        assertThat(entries).extracting(e -> e.vni().value() + " " + e.mac() + " "
                + e.ip().map(InetAddress::getHostAddress).orElse("-")).containsExactly("5000 02:00:00:00:00:01 -",
                "5000 02:00:00:00:00:09 10.0.0.3", "6000 02:00:00:00:00:01 -");
        assertThat(tables.unsortedEntries(MacFilter.ALL)).as("the same entries, IPs included, in any order")
                .containsExactlyInAnyOrderElementsOf(entries);
        assertThat(tables.unsortedEntries(new MacFilter(Optional.of(Vni.of(6000)), Optional.empty(),
                Optional.empty()))).containsExactly(entries.get(2));
    }

    @Test
    void anArpRequestIsAnsweredOnlyFromAClaimMadeWithinTheConfiguredReachableTime() throws Exception {
        SettableClock clock = new SettableClock();
        MacTables answering = new MacTables(MacTableConfig.DEFAULTS.withArpReachableTime(Duration.ofSeconds(2)), clock);
        InetAddress ip = InetAddress.getByName("10.0.0.5");
        MacAddress owner = MacAddress.parse("02:00:00:00:00:01");
        answering.learn(Vni.of(5000), owner, vm1, MacSource.LEARNED);
        answering.gleanArp(Vni.of(5000), ip, owner);

        clock.now = clock.now.plusMillis(1_999);
        assertThat(answering.resolveArp(Vni.of(5000), ip)).contains(owner);
        clock.now = clock.now.plusMillis(1);
        assertThat(answering.resolveArp(Vni.of(5000), ip)).as("claimed 2 s ago").isEmpty();
        assertThat(answering.arpBindings(Vni.of(5000))).as("still bound until it ages").hasSize(1);
    }

    @Test
    void anArpRequestIsNotAnsweredForAMacForgottenWithItsPortBindingHoweverRecentItsClaim() throws Exception {
        InetAddress ip = InetAddress.getByName("10.0.0.5");
        MacAddress owner = MacAddress.parse("02:00:00:00:00:01");
        tables.gleanArp(Vni.of(5000), ip, owner);
        assertThat(tables.resolveArp(Vni.of(5000), ip)).as("claimed, but never learned").isEmpty();
        tables.learn(Vni.of(5000), owner, vm1, MacSource.LEARNED);
        assertThat(tables.resolveArp(Vni.of(5000), ip)).contains(owner);

        tables.event(new IntentEvent(9, new IntentChange.DeleteBinding(portVlan("hv1", "vm1", 0)), intent));
        assertThat(tables.resolveArp(Vni.of(5000), ip)).as("its port unbound").isEmpty();
    }

    @Test
    void arpBindingsAreKeptPerNetworkAndDroppedWithTheNetwork() throws Exception {
        InetAddress ip = InetAddress.getByName("10.0.0.5");
        assertThat(tables.gleanArp(Vni.of(5000), ip, MacAddress.parse("02:00:00:00:00:01"))).isTrue();

        assertThat(tables.arpBindings(Vni.of(5000))).extracting(ArpBinding::ip).containsExactly(ip);
        assertThat(tables.arpBindings(Vni.of(6000))).isEmpty();
        IntentChange delete = new IntentChange.DeleteNetwork(Vni.of(5000));
        tables.event(new IntentEvent(9, delete, intent));
        assertThat(tables.arpBindings(Vni.of(5000))).isEmpty();
    }

    @Test
    void unbindingAPortVlanForgetsTheMacsLearnedThereOnlyAndTellsTheListeners() {
        List<Vni> changed = new ArrayList<>();
        MacAddress there = MacAddress.parse("02:00:00:00:00:01");
        MacAddress elsewhere = MacAddress.parse("02:00:00:00:00:02");
        tables.learn(Vni.of(5000), there, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(5000), elsewhere, new MacLocation.Local(portVlan("hv1", "vm1", 7)), MacSource.LEARNED);
        tables.addListener(changed::add);

        IntentChange unbind = new IntentChange.DeleteBinding(portVlan("hv1", "vm1", 0));
        tables.event(new IntentEvent(7, unbind, intent.apply(unbind)));

        assertThat(tables.lookup(Vni.of(5000), there)).isEmpty();
        assertThat(tables.lookup(Vni.of(5000), elsewhere)).as("another VLAN of the port").isPresent();
        assertThat(changed).containsExactly(Vni.of(5000));
    }

    @Test
    void aPortGoneFromItsSwitchForgetsWhatWasLearnedOnItInEveryNetworkAndVlanButNotItsStaticMacs() {
        List<Vni> changed = new ArrayList<>();
        MacAddress untagged = MacAddress.parse("02:00:00:00:00:01");
        MacAddress tagged = MacAddress.parse("02:00:00:00:00:06");
        MacAddress sameNameElsewhere = MacAddress.parse("02:00:00:00:00:07");
        MacAddress otherPort = MacAddress.parse("02:00:00:00:00:08");
        IntentChange pinned = staticMac(5000, "02:00:00:00:00:05", vm1);
        tables.event(new IntentEvent(5, pinned, intent.apply(pinned)));
        tables.learn(Vni.of(5000), untagged, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(6000), tagged, new MacLocation.Local(portVlan("hv1", "vm1", 7)), MacSource.LEARNED);
        tables.learn(Vni.of(5000), sameNameElsewhere, new MacLocation.Local(portVlan("hv2", "vm1", 0)),
                MacSource.LEARNED);
        tables.learn(Vni.of(5000), otherPort, new MacLocation.Local(portVlan("hv1", "vm2", 0)), MacSource.LEARNED);
        tables.addListener(changed::add);

        int forgotten = tables.forgetPorts(VtepId.of("hv1"), port -> port.value().equals("vm1"));

        assertThat(forgotten).isEqualTo(2);
        assertThat(tables.entries(MacFilter.ALL)).extracting(e -> e.mac().toString()).as("static 05 stays")
                .containsExactlyInAnyOrder("02:00:00:00:00:05", "02:00:00:00:00:07", "02:00:00:00:00:08");
        assertThat(changed).containsExactlyInAnyOrder(Vni.of(5000), Vni.of(6000));
    }

    @Test
    void aPortVlanMovedToAnotherNetworkForgetsWhatWasLearnedThereInTheOneItLeft() {
        List<Vni> changed = new ArrayList<>();
        MacAddress left = MacAddress.parse("02:00:00:00:00:01");
        MacAddress joined = MacAddress.parse("02:00:00:00:00:06");
        tables.learn(Vni.of(5000), left, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(6000), joined, vm1, MacSource.LEARNED);
        tables.addListener(changed::add);

        IntentChange move = new IntentChange.UpdateBinding(new VlanBinding(portVlan("hv1", "vm1", 0), Vni.of(6000)),
                IntentChange.ANY_VERSION);
        tables.event(new IntentEvent(7, move, intent.apply(move)));

        assertThat(tables.lookup(Vni.of(5000), left)).isEmpty();
        assertThat(tables.lookup(Vni.of(6000), joined)).as("learned in the network it now carries").isPresent();
        assertThat(changed).containsExactly(Vni.of(5000));
    }

    @Test
    void deletingAVtepForgetsTheMacsItReportedInEveryNetwork() {
        MacLocation tor = new MacLocation.Remote(VtepId.of("tor1"));
        tables.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:03"), tor, MacSource.HARDWARE_VTEP);
        tables.learn(Vni.of(6000), MacAddress.parse("02:00:00:00:00:04"), tor, MacSource.HARDWARE_VTEP);
        tables.learn(Vni.of(6000), MacAddress.parse("02:00:00:00:00:05"), vm1, MacSource.LEARNED);

        tables.event(new IntentEvent(8, new IntentChange.DeleteVtep(VtepId.of("tor1")), intent));

        assertThat(tables.entries(MacFilter.ALL)).extracting(e -> e.mac().toString())
                .containsExactly("02:00:00:00:00:05");
    }

    @Test
    void aFailingMoveListenerNeitherUndoesTheMoveForItsCallerNorSilencesTheOthers() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:06");
        List<MacLocation> heard = new ArrayList<>();
        tables.addMoveListener((vni, moved, from, to) -> {
            throw new IllegalStateException("boom");
        });
        tables.addMoveListener((vni, moved, from, to) -> heard.add(to));
        MacLocation remote = new MacLocation.Remote(VtepId.of("hv2"));
        tables.learn(Vni.of(5000), mac, vm1, MacSource.LEARNED);

        assertThat(tables.learn(Vni.of(5000), mac, remote, MacSource.LEARNED)).isEqualTo(LearnOutcome.MOVED);
        assertThat(heard).containsExactly(remote);
    }

    @Test
    void loadInstallsStaticMacsOfExistingIntentAndLearningCannotMoveThem() {
        tables.load(intent.apply(staticMac(5000, "02:00:00:00:00:01", vm1)));

        LearnOutcome outcome = tables.learn(Vni.of(5000), MacAddress.parse("02:00:00:00:00:01"),
                new MacLocation.Remote(VtepId.of("hv2")), MacSource.LEARNED);
        assertThat(outcome).isEqualTo(LearnOutcome.STATIC_PINNED);
    }

    @Test
    void listenersHearLearnsMovesAndForgetsButNotRefreshes() {
        List<Vni> changed = new ArrayList<>();
        tables.addListener(changed::add);
        MacAddress mac = MacAddress.parse("02:00:00:00:00:09");
        MacLocation vm2 = new MacLocation.Local(portVlan("hv1", "vm2", 0));

        tables.learn(Vni.of(5000), mac, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(5000), mac, vm1, MacSource.LEARNED);
        tables.learn(Vni.of(5000), mac, vm2, MacSource.LEARNED);

        assertThat(changed).containsExactly(Vni.of(5000), Vni.of(5000));
        assertThat(tables.forget(Vni.of(5000), mac, vm1)).as("aged where it no longer is").isFalse();
        assertThat(tables.forget(Vni.of(5000), mac, vm2)).isTrue();
        assertThat(tables.lookup(Vni.of(5000), mac)).isEmpty();
        assertThat(changed).hasSize(3);
    }

    @Test
    void aStaticMacIsNeverForgottenByASwitchAgingIt() {
        IntentChange add = staticMac(5000, "02:00:00:00:00:01", vm1);
        tables.event(new IntentEvent(5, add, intent.apply(add)));

        assertThat(tables.forget(Vni.of(5000), MacAddress.parse("02:00:00:00:00:01"), vm1)).isFalse();
        assertThat(tables.lookup(Vni.of(5000), MacAddress.parse("02:00:00:00:00:01"))).isPresent();
    }

    @Test
    void listenersHearNewMovedForgottenAndGleanedMacsButNotRefreshes() throws Exception {
        List<Vni> heard = new ArrayList<>();
        tables.addListener(heard::add);
        MacAddress mac = MacAddress.parse("02:00:00:00:00:07");
        MacLocation tor1 = new MacLocation.Remote(VtepId.of("tor1"));

        tables.learn(Vni.of(5000), mac, tor1, MacSource.HARDWARE_VTEP);
        tables.learn(Vni.of(5000), mac, tor1, MacSource.HARDWARE_VTEP);
        assertThat(heard).containsExactly(Vni.of(5000));
        assertThat(tables.changeCount()).as("counts what listeners heard, a refresh not").isEqualTo(1);

        tables.gleanArp(Vni.of(6000), InetAddress.getByName("10.0.0.7"), mac);
        assertThat(heard).containsExactly(Vni.of(5000), Vni.of(6000));

        assertThat(tables.forget(Vni.of(5000), mac, new MacLocation.Remote(VtepId.of("tor2")))).isFalse();
        assertThat(tables.forget(Vni.of(5000), mac, tor1)).isTrue();
        assertThat(tables.entries(MacFilter.ALL)).isEmpty();
        assertThat(heard).containsExactly(Vni.of(5000), Vni.of(6000), Vni.of(5000));
        assertThat(tables.changeCount()).isEqualTo(3);
    }

    @Test
    void macListenersHearWhoseArpClaimsChangedWhenAnIpIsClaimedTakenOverOrAged() throws Exception {
        SettableClock clock = new SettableClock();
        MacTables aging = new MacTables(MacTableConfig.DEFAULTS, clock);
        List<String> claims = new ArrayList<>();
        aging.addMacListener(new MacListener() {
            @Override
            public void macChanged(Vni vni, MacAddress mac) {
                claims.add("moved " + mac);
            }

            @Override
            public void claimsChanged(Vni vni, MacAddress mac) {
                claims.add(vni.value() + " " + mac);
            }
        });
        MacAddress first = MacAddress.parse("02:00:00:00:00:01");
        MacAddress second = MacAddress.parse("02:00:00:00:00:02");
        InetAddress ip = InetAddress.getByName("10.0.0.7");

        aging.gleanArp(Vni.of(5000), ip, first);
        aging.gleanArp(Vni.of(5000), ip, first);
        assertThat(claims).as("a claim repeated changes nothing").containsExactly("5000 02:00:00:00:00:01");
        aging.gleanArp(Vni.of(5000), ip, second);
        assertThat(claims).as("the IP moved: both MACs' claims changed")
                .containsExactly("5000 02:00:00:00:00:01", "5000 02:00:00:00:00:02", "5000 02:00:00:00:00:01");
        clock.now = clock.now.plus(MacTableConfig.DEFAULTS.agingTime());
        aging.ageArp();
        assertThat(claims).last().isEqualTo("5000 02:00:00:00:00:02");
        assertThat(claims).hasSize(4);
    }

    @Test
    void forgetLeavesAMacThatWasLearnedElsewhereMeanwhile() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:08");
        tables.learn(Vni.of(5000), mac, new MacLocation.Remote(VtepId.of("tor1")), MacSource.HARDWARE_VTEP);
        tables.learn(Vni.of(5000), mac, vm1, MacSource.LEARNED);

        assertThat(tables.forget(Vni.of(5000), mac, new MacLocation.Remote(VtepId.of("tor1")))).isFalse();
        assertThat(tables.entries(MacFilter.ALL)).singleElement()
                .satisfies(e -> assertThat(e.location()).isEqualTo(vm1));
    }

    /**
     * NTP steps the wall clock back an hour (a VM resumed): the tables measure intervals by their monotonic ticks,
     * so a damped MAC is held for its hold time and no longer, a claim older than the ARP reachable time is not
     * answered from, and the times shown still follow the wall clock.
     */
    @Test
    void aWallClockSteppedBackHoldsADampedMacAndAnArpClaimNoLongerAndTimesShownFollowIt() throws Exception {
        SettableClock wall = new SettableClock();
        long[] ticks = {50_000};
        MacTables stepped = new MacTables(MacTableConfig.DEFAULTS, wall, () -> ticks[0]);
        MacLocation vm2 = new MacLocation.Local(portVlan("hv1", "vm2", 0));
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0d");
        InetAddress ip = InetAddress.getByName("10.0.0.13");
        stepped.learn(Vni.of(5000), mac, vm1, MacSource.LEARNED);
        stepped.gleanArp(Vni.of(5000), ip, mac);
        MacLocation refusedAt = vm1;
        LearnOutcome outcome = LearnOutcome.LEARNED;
        for (int move = 1; outcome != LearnOutcome.DAMPED && move <= 10; move++) {
            ticks[0] += 100;
            refusedAt = move % 2 == 1 ? vm2 : vm1;
            outcome = stepped.learn(Vni.of(5000), mac, refusedAt, MacSource.LEARNED);
        }
        assertThat(outcome).isEqualTo(LearnOutcome.DAMPED);

        wall.now = wall.now.minus(Duration.ofHours(1));
        ticks[0] += MacTableConfig.DEFAULTS.holdTime().toMillis();

        assertThat(stepped.resolveArp(Vni.of(5000), ip)).as("a claim older than the reachable time").isEmpty();
        assertThat(stepped.learn(Vni.of(5000), mac, refusedAt, MacSource.LEARNED)).as("the hold is over")
                .isEqualTo(LearnOutcome.MOVED);
        assertThat(stepped.lookup(Vni.of(5000), mac).orElseThrow().lastSeenMillis())
                .isEqualTo(wall.now.toEpochMilli());
    }

    /** A clock a test moves by hand. */
    private static final class SettableClock extends Clock {
        Instant now = Instant.ofEpochSecond(1_000);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
