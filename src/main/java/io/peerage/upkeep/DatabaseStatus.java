package io.peerage.upkeep;

/** Whether the system of record answers now; time it does not, does not count toward leases. */
public interface DatabaseStatus {
    boolean isUp();
}
