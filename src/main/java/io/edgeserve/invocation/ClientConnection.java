package io.edgeserve.invocation;

/**
 * The caller's side of a request, as far as its front end can tell: whether the caller is still there to take the
 * answer. The core asks while a request waits for the engine, so that work for a caller that left is dropped
 * before inference. A check must be cheap and must never block; where a transport cannot tell, the caller is
 * taken to be there.
 */
@FunctionalInterface
public interface ClientConnection {

    /** A caller the transport cannot watch: it is always taken to be there. */
    ClientConnection UNKNOWN = () -> false;

    /** True once the caller has certainly gone (its connection closed); false while it may still be there. */
    boolean gone();
}
