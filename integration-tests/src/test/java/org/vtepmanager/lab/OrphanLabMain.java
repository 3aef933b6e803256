package org.vtepmanager.lab;

/** Builds a lab, prints its prefix and waits to be killed: the owner that dies in {@link LabTeardownTest}. */
public final class OrphanLabMain {

    static final String PREFIX_LINE = "LAB_PREFIX=";

    private OrphanLabMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Lab lab = Lab.create();
        lab.addHypervisor("hv1");
        System.out.println(PREFIX_LINE + lab.prefix());
        System.out.flush();
        Thread.currentThread().join();
    }
}
