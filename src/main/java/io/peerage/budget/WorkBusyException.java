package io.peerage.budget;

/** Every slot of the heavy-work pool is taken and its short queue is full: try again shortly. */
public final class WorkBusyException extends RuntimeException {

    public WorkBusyException(int concurrency) {
        super(concurrency + " simulations or dry runs are running and as many are waiting (peerage.simulation"
                + ".concurrency)");
    }
}
