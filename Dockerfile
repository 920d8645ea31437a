# syntax=docker/dockerfile:1
# edgeserve as a SageMaker bring-your-own inference container, also run as is on edge gateways.
#
#   docker build -t edgeserve .
#   docker run --rm -p 8080:8080 -v "$PWD/model":/opt/ml/model:ro edgeserve serve
#
# Read-only root file system: the only path the service writes is /tmp (Tomcat's work folders and
# edgeserve.work-dir, where model.tar.gz archives are unpacked), so run it with
#   docker run --read-only --tmpfs /tmp ...      (Kubernetes: an emptyDir at /tmp)
# No VOLUME is declared for it: Kubernetes ignores VOLUME, and on Docker every run without --rm would leave an
# anonymous volume behind. docs/deploy-container.md has the details.

ARG BUILD_IMAGE=eclipse-temurin:21-jdk
ARG BASE_IMAGE=eclipse-temurin:21-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/main/ src/main/
# The tests run in CI (./mvnw verify), not here. The cache mount keeps Maven and the dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true package \
 && java -Djarmode=tools -jar target/edgeserve.jar extract --destination /out/app
# Native libraries are unpacked here, once, instead of by DJL and JNA into a cache at every start: the container
# starts without writing them and its root file system can be read-only. MXNet's jar is then dropped (47 MB):
# DJL finds the library through MXNET_LIBRARY_PATH and never looks on the class path.
WORKDIR /out/native
RUN jar xf /out/app/lib/mxnet-native-mkl-*-linux-x86_64.jar native/lib \
 && mv native/lib/* . && rm -r native \
 && jar xf /out/app/lib/jna-*.jar com/sun/jna/linux-x86-64/libjnidispatch.so \
 && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -r com \
 && rm /out/app/lib/mxnet-native-mkl-*.jar \
 && chmod -R a+rX /out


FROM ${BASE_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
# MXNet needs libgomp (its own copy is found first, through its RPATH; the system one is there for anything else
# that links OpenMP), the health check needs curl. Install them only where the base lacks them, so a base
# that has them builds without a network.
RUN set -eu; \
    missing=""; \
    ldconfig -p | grep -q 'libgomp\.so\.1' || missing="$missing libgomp1"; \
    command -v curl >/dev/null || missing="$missing curl ca-certificates"; \
    if [ -n "$missing" ]; then \
        apt-get update; \
        apt-get install -y --no-install-recommends $missing; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --gid 10001 edgeserve; \
    useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin edgeserve

# Largest and least often changed first: native libraries, then dependencies, then the application.
COPY --from=build /out/native/ /opt/edgeserve/native/
COPY --from=build /out/app/lib/ /opt/edgeserve/lib/
COPY --from=build /out/app/edgeserve.jar /opt/edgeserve/edgeserve.jar
COPY serve /opt/edgeserve/serve
RUN ln -s /opt/edgeserve/serve /usr/local/bin/serve

# MXNET_LIBRARY_PATH: DJL loads MXNet from there; the serve script loads JNA's stub from there too.
# EDGESERVE_JAR: so that `serve` works from PATH as well.
# SPRING_PROFILES_ACTIVE: the image is what SageMaker runs, so it starts as SageMaker expects (plain HTTP, the
# container contract only, no runtime API); an edge gateway runs it with SPRING_PROFILES_ACTIVE=gateway.
ENV MXNET_LIBRARY_PATH=/opt/edgeserve/native \
    EDGESERVE_JAR=/opt/edgeserve/edgeserve.jar \
    SPRING_PROFILES_ACTIVE=sagemaker

USER 10001:10001
WORKDIR /opt/edgeserve
EXPOSE 8080
LABEL com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true \
      com.amazonaws.sagemaker.capabilities.multi-models=true
# /ping answers 503 until every model has loaded and warmed up; the start period leaves room for large models.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SAGEMAKER_BIND_TO_PORT:-8080}/ping" || exit 1
STOPSIGNAL SIGTERM
# Exec form, and serve execs java: the JVM is process 1 and receives SIGTERM itself, then shuts down gracefully.
# SageMaker runs `docker run IMAGE serve`; serve drops that first argument.
ENTRYPOINT ["/opt/edgeserve/serve"]
