package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.it.HypervisorMeshLabTest.awaitMesh;
import static org.vtepmanager.it.HypervisorMeshLabTest.awaitPings;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.LabPki;
import org.vtepmanager.lab.TorSwitch;

/**
 * The manager with a TLS identity from ovs-pki, on real Open vSwitch: OVSDB in TLS both ways, bridges on an
 * {@code ssl:} controller, VMs talking through it all, a switch whose certificate another PKI signed kept out, and
 * taken once the manager's CA file names that PKI's CA too, without a restart.
 */
class TlsLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    /** A bridge not connected to its controller is a problem after 15 s (ControllerLink's grace). */
    private static final Duration CONTROLLER_GRACE_AND_MORE = Duration.ofSeconds(40);
    /** Where the hypervisors' ovsdb-servers listen for an ssl: manager, inside their namespaces. */
    private static final int PSSL_PORT = 6641;

    @TempDir
    Path dataDir;
    @TempDir
    Path pkiDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void hypervisorsDialledAsSslWithBridgesOnAnSslControllerCarryTheirVmsTraffic() {
        LabPki pki = LabPki.create(pkiDir.resolve("lab"));
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("t1", hv1, EndpointSpec.untagged("02:00:00:00:0b:01", "10.110.0.1/24"));
            Endpoint vm2 = lab.addVm("t2", hv2, EndpointSpec.untagged("02:00:00:00:0b:02", "10.110.0.2/24"));
            for (Hypervisor hv : List.of(hv1, hv2)) {
                hv.useTls(pki.switchIdentity(hv.name()));
                hv.setManager("pssl:" + PSSL_PORT);
            }
            try (RunningManager manager = RunningManager.startWithTls(lab, dataDir, List.of(
                    "hv1=" + hv1.ovsdbSslTarget(PSSL_PORT), "hv2=" + hv2.ovsdbSslTarget(PSSL_PORT)),
                    pki.manager())) {
                manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant\"}");
                manager.bind("hv1", vm1, 5000);
                manager.bind("hv2", vm2, 5000);

                awaitMesh(List.of(hv1, hv2));
                awaitPings(vm1, vm2);
                assertThat(manager.controllerTarget()).startsWith("ssl:");
                for (Hypervisor hv : List.of(hv1, hv2)) {
                    assertThat(hv.vsctl("get-controller", "br-int").strip()).isEqualTo(manager.controllerTarget());
                    Await.require(CONVERGE, hv.name() + "'s bridge connected to the ssl: controller",
                            () -> hv.vsctl("get", "Controller", ".", "is_connected").strip(), "true"::equals);
                    JsonObject vtep = new JsonObject(manager.get("/api/v1/vteps/" + hv.name()).body());
                    assertThat(vtep.getString("state")).isEqualTo("connected");
                    assertThat(vtep.getJsonArray("problems")).isEmpty();
                    Instant expires = notAfter(pkiDir.resolve("lab").resolve(hv.name() + "-cert.pem"));
                    assertThat(vtep.getString("certificateExpires")).isEqualTo(expires.toString());
                    assertThat(manager.get("/metrics").body()).contains(
                            "vtep_manager_vtep_certificate_expiry_timestamp_seconds{kind=\"hypervisor\",vtep=\""
                                    + hv.name() + "\"} " + (double) expires.getEpochSecond());
                }
            }
        }
    }

    /** When the certificate in {@code pem} expires, as the JDK reads it. */
    private static Instant notAfter(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter()
                    .toInstant();
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }

    @Test
    void aHypervisorWithoutSetSslIsToldWhyItsBridgeDoesNotReachTheSslController() {
        LabPki pki = LabPki.create(pkiDir.resolve("lab"));
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            try (RunningManager manager = RunningManager.startWithTls(lab, dataDir,
                    List.of("hv1=" + hv1.ovsdbUnixTarget()), pki.manager())) {
                JsonObject vtep = Await.until(CONTROLLER_GRACE_AND_MORE,
                        () -> new JsonObject(manager.get("/api/v1/vteps/hv1").body()),
                        v -> !v.getJsonArray("problems").isEmpty());

                assertThat(vtep.getJsonArray("problems")).singleElement().asString()
                        .contains("OpenFlow controller " + manager.controllerTarget())
                        .contains("ovs-vswitchd: \"Protocol not available\"")
                        .contains("have its TLS identity (ovs-vsctl set-ssl KEY CERT CACERT");
            }
        }
    }

    @Test
    void aHypervisorThatDialsInOverSslIsManagedAndOneWhoseCertificateAnotherPkiSignedIsNot() {
        LabPki pki = LabPki.create(pkiDir.resolve("lab"));
        LabPki stranger = LabPki.create(pkiDir.resolve("stranger"));
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            try (RunningManager manager = RunningManager.startWithTls(lab, dataDir, List.of(),
                    pki.manager())) {
                assertThat(manager.passiveOvsdbTarget()).startsWith("ssl:");
                hv1.useTls(pki.switchIdentity("hv1"));
                hv2.useTls(stranger.switchIdentity("hv2"));
                hv2.setManager(manager.passiveOvsdbTarget());
                hv1.setManager(manager.passiveOvsdbTarget());

                String trusted = lab.prefix() + "-hv1";
                Await.require(CONVERGE, trusted + " registered and connected when it dialled in",
                        () -> new JsonObject(manager.get("/api/v1/vteps/" + trusted).body()).getString("state"),
                        "connected"::equals);
                Await.require(CONVERGE, trusted + "'s bridge connected to the ssl: controller",
                        () -> hv1.vsctl("get", "Controller", ".", "is_connected").strip(), "true"::equals);
                Await.require(CONVERGE, "the stranger's attempt, refused as its ovsdb-server logs",
                        hv2::databaseLog,
                        log -> log.contains("SSL_connect") && log.contains("certificate verify failed"));
                assertThat(hv2.vsctl("get", "Manager", ".", "is_connected").strip()).as("the stranger's session")
                        .isEqualTo("false");
                assertThat(manager.get("/api/v1/vteps").body()).doesNotContain(lab.prefix() + "-hv2");
                assertThat(hv2.vsctl("list-br")).as("nothing written to the stranger").doesNotContain("br-int");
            }
        }
    }

    @Test
    void aHypervisorOfASecondPkiIsTakenOnceTheManagersCaFileNamesItsCaWithoutARestart() throws Exception {
        LabPki pki = LabPki.create(pkiDir.resolve("lab"));
        LabPki second = LabPki.create(pkiDir.resolve("second"));
        LabPki.Identity identity = pki.manager();
        // The manager's CA file, which the operator edits: at first the lab's switch CA alone.
        Path trusted = Files.copy(identity.caCertificate(), pkiDir.resolve("trusted-switch-cas.pem"));
        try (Lab lab = Lab.create()) {
            Hypervisor hv2 = lab.addHypervisor("hv2");
            try (RunningManager manager = RunningManager.startWithTls(lab, dataDir, List.of(),
                    new LabPki.Identity(identity.privateKey(), identity.certificate(), trusted))) {
                LabPki.Identity hv2Identity = second.switchIdentity("hv2");
                // It trusts the manager's CA: the refusal, and then the welcome, are the manager's alone.
                hv2.useTls(new LabPki.Identity(hv2Identity.privateKey(), hv2Identity.certificate(),
                        pki.controllerCaCertificate()));
                hv2.setManager(manager.passiveOvsdbTarget());
                String id = lab.prefix() + "-hv2";
                Await.require(CONVERGE, "hv2's attempt, refused by the manager as its ovsdb-server logs",
                        hv2::databaseLog, log -> log.contains("alert certificate unknown"));
                assertThat(manager.get("/api/v1/vteps").body()).doesNotContain(id);

                Files.writeString(trusted, Files.readString(identity.caCertificate())
                        + Files.readString(second.switchCaCertificate()));

                Await.require(CONVERGE, id + " registered and connected, with no restart",
                        () -> new JsonObject(manager.get("/api/v1/vteps/" + id).body()).getString("state"),
                        "connected"::equals);
                Await.require(CONVERGE, id + "'s bridge connected to the ssl: controller, whose listener reloaded too",
                        () -> hv2.vsctl("get", "Controller", ".", "is_connected").strip(), "true"::equals);
            }
        }
    }

    @Test
    void torsOverSslOneDiallingInAndOneDialledGetTheirNetworkAndTheirServersTalk() {
        LabPki pki = LabPki.create(pkiDir.resolve("lab"));
        try (Lab lab = Lab.create()) {
            TorSwitch tor1 = lab.addTor("tor1");
            TorSwitch tor2 = lab.addTor("tor2");
            Endpoint s1 = lab.addServer("s1", tor1, EndpointSpec.untagged("02:00:00:00:0b:11", "10.110.0.11/24"));
            Endpoint s2 = lab.addServer("s2", tor2, EndpointSpec.untagged("02:00:00:00:0b:12", "10.110.0.12/24"));
            tor1.useTls(pki.switchIdentity("tor1"));
            tor2.useTls(pki.switchIdentity("tor2"));
            tor2.setManager("pssl:" + PSSL_PORT);
            try (RunningManager manager = RunningManager.startWithTls(lab, dataDir, List.of(),
                    pki.manager())) {
                tor1.setManager(manager.passiveOvsdbTarget());
                assertThat(manager.post("/api/v1/vteps", new JsonObject().put("id", "tor2").put("kind",
                        "hardware-vtep").put("ovsdbTarget", tor2.ovsdbSslTarget(PSSL_PORT)).encode()).statusCode())
                        .as("an ssl: target registered through the API").isEqualTo(201);
                for (String vtep : List.of(TorSwitch.PHYSICAL_SWITCH, "tor2")) {
                    Await.require(CONVERGE, vtep + " connected over ssl:", () -> new JsonObject(
                            manager.get("/api/v1/vteps/" + vtep).body()).getString("state"), "connected"::equals);
                }

                manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant\"}");
                manager.bind(TorSwitch.PHYSICAL_SWITCH, s1, 5000);
                manager.bind("tor2", s2, 5000);

                for (TorSwitch tor : List.of(tor1, tor2)) {
                    Await.require(CONVERGE, "the network's Logical_Switch on " + tor.name(),
                            () -> tor.vtepctl("list-ls"), switches -> switches.contains("vtep-manager-5000"));
                }
                awaitPings(s2, s1);
            }
        }
    }
}
