/**
 * The invocation core: one inference from body to body, whichever transport brought it. A front end (the SageMaker
 * contract, the Runtime API, MQTT) turns what arrived into an {@link io.edgeserve.invocation.InvocationRequest} of
 * plain values, calls {@link io.edgeserve.invocation.InvocationService}, and translates the
 * {@link io.edgeserve.invocation.InvocationAnswer} or the {@link io.edgeserve.problem.ProblemException} back.
 *
 * <p>Whatever happens to a request that reached the core is told once to every
 * {@link io.edgeserve.invocation.InvocationListener} as an {@link io.edgeserve.invocation.InvocationRecord}: metrics and
 * data capture read the outcome there, never from a front end. The package imports no servlet, MQTT or front-end
 * type.
 */
package io.edgeserve.invocation;
