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

# The build stage needs a JDK 25 (jlink, and the AOT cache's training run). The run stage is built FROM scratch, from
# a Debian's glibc and the few libraries and programs the service runs on (BASE_IMAGE, below); its Java runtime is
# the one jlink makes in the build stage, with the modules edgeserve uses and nothing else.
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG BASE_IMAGE=debian:trixie-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/main/ src/main/
# The tests run in CI (./mvnw verify), not here; so does the build's own AOT cache (edgeserve.aot.skip): the image's
# is made below, by the image's runtime. The cache mount keeps Maven and the dependencies between builds.
# package leaves the jar extracted in target/edgeserve/ (edgeserve.jar beside lib/), the layout the cache needs.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -Dedgeserve.aot.skip=true package \
 && mkdir -p /opt/edgeserve \
 && mv target/edgeserve/edgeserve.jar target/edgeserve/lib /opt/edgeserve/
# Native libraries are unpacked here, once, instead of by DJL and JNA into a cache at every start: the container
# starts without writing them and its root file system can be read-only. MXNet's jar is then dropped (47 MB), so
# the image holds one copy of the natives: DJL finds them through MXNET_LIBRARY_PATH and never looks on the class path.
# libmxnet.so comes stripped; libopenblas.so.0 still carries debug sections (0.3 MB), which strip removes (binutils,
# installed where missing; jlink below needs its objcopy too).
WORKDIR /opt/edgeserve/native
RUN command -v strip >/dev/null || { apt-get update && apt-get install -y --no-install-recommends binutils; } \
 && jar xf /opt/edgeserve/lib/mxnet-native-mkl-*-linux-x86_64.jar native/lib \
 && mv native/lib/* . && rm -r native \
 && jar xf /opt/edgeserve/lib/jna-*.jar com/sun/jna/linux-x86-64/libjnidispatch.so \
 && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -r com \
 && rm /opt/edgeserve/lib/mxnet-native-mkl-*.jar \
 && strip --strip-debug *.so*
# The Java runtime: the JDK's modules that edgeserve and its libraries use (java.desktop for ImageIO and java.beans,
# java.naming and java.management for Tomcat, jdk.management for the process metrics, jdk.unsupported for JNA and
# others, jdk.jfr for Micrometer's virtual-thread metrics), without debug information, man pages or headers.
# A JDK that keeps its native debug symbols in separate .debuginfo files and ships jmods (Debian trixie's OpenJDK 25)
# carries them in java.base.jmod, and jlink copies them like any other native file: libjvm.debuginfo alone is 735 MB.
# --strip-debug does not drop them (its objcopy, installed above, only strips debug sections left inside the .so
# files, of which these JDKs have none): --exclude-files does. It also leaves out the libraries a headless JVM never
# loads (Spring Boot sets java.awt.headless): X11 AWT, sound, splash screen; and text rendering (libfontmanager, with
# the FreeType that Temurin bundles for it): edgeserve decodes and resizes pictures but never draws or measures text,
# and on Debian's OpenJDK, whose libfontmanager links the system's FreeType and HarfBuzz, their libraries and GLib's
# stay out of the image's root file system too (4.5 MB). Temurin 25 links from its run-time image (JEP 493, no jmods/),
# which has no .debuginfo files: there the first pattern matches nothing.
RUN jlink --add-modules java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs,jdk.jfr \
        --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
        --exclude-files='**.debuginfo,**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so,\
**/libfontmanager.so,**/libfreetype.so' \
        --output /opt/edgeserve/runtime
# The AOT cache (JEP 483, 514, 515), made by the runtime above from the jar above, on the paths the image runs them
# from: a training run on the bundled Iris model through serve, as the image starts it (src/aot/TrainingRun.java).
COPY serve /opt/edgeserve/serve
COPY models/ /build/models/
COPY src/aot/ /build/src/aot/
RUN MXNET_LIBRARY_PATH=/opt/edgeserve/native SPRING_PROFILES_ACTIVE=sagemaker \
    java /build/src/aot/TrainingRun.java /opt/edgeserve/serve /opt/edgeserve/edgeserve.jar /opt/edgeserve/edgeserve.aot \
        /build/models /opt/edgeserve/runtime \
 && rm /opt/edgeserve/edgeserve.aot.log \
 && chmod -R a+rX /opt/edgeserve


# The run stage's root file system, taken from BASE_IMAGE: only what the service runs on, none of the rest of a Debian
# (apt, dpkg, perl-base, most of coreutils: of the 90 MB of the stand-in for trixie-slim in .ci/container-test.sh,
# this keeps 8.7 MB). It is
# - the shared libraries that the runtime's, libjvm's and MXNet's natives and the programs below link against, as ldd
#   finds them (glibc, libstdc++, libgcc_s, libz; for a runtime jlinked from Debian's OpenJDK also libjpeg and lcms,
#   which Temurin's bundles), each copied into the folder it resolves to;
# - bash (also /bin/sh: serve and the health check), and dirname and readlink, the other programs serve runs;
# - /etc/passwd and /etc/group with the service's user, uid 10001; nsswitch.conf, so that names are looked up in
#   /etc/hosts before DNS as on Debian; /etc/localtime (UTC), which the JVM and glibc read for the local time zone;
# - an empty /tmp, writable by all: the only path the service writes.
# No CA certificates: the JVM trusts its own (the runtime's lib/security/cacerts), and nothing else makes TLS
# connections; no tzdata: the JVM has its own (lib/tzdb.dat). The JVM and MXNet find their own libraries among
# themselves (RPATH, and the JVM's own lookups), which LD_LIBRARY_PATH stands in for here; those are not copied.
# Every native library must find what it links against: a JDK built against the system's libjpeg or lcms (Debian's
# OpenJDK) would otherwise make a runtime whose first JPEG request fails with an UnsatisfiedLinkError, long after the
# build said nothing. So a library ldd cannot find fails the build here (tried: a base without libjpeg.so.62 fails
# with "the base image lacks libraries the runtime or MXNet link against: libjpeg.so.62").
FROM ${BASE_IMAGE} AS rootfs
COPY --from=build /opt/edgeserve/native/ /opt/edgeserve/native/
COPY --from=build /opt/edgeserve/runtime/ /opt/edgeserve/runtime/
# A merged /usr (Debian since 12, Ubuntu since 20.10) keeps its links, so that /bin/sh and /lib64/ld-linux-x86-64.so.2
# (the loader every program names) resolve as in the base; each file goes into the folder its path resolves to.
RUN set -eu; \
    programs="/bin/bash /usr/bin/dirname /usr/bin/readlink"; \
    linked=$(LD_LIBRARY_PATH=/opt/edgeserve/runtime/lib:/opt/edgeserve/runtime/lib/server:/opt/edgeserve/native \
        ldd /opt/edgeserve/runtime/lib/*.so /opt/edgeserve/runtime/lib/server/libjvm.so /opt/edgeserve/native/*.so* \
            $programs); \
    missing=$(echo "$linked" | awk '/not found/ {print $1}' | sort -u | tr '\n' ' '); \
    if [ -n "$missing" ]; then echo "the base image lacks libraries the runtime or MXNet link against: $missing" >&2; exit 1; fi; \
    libraries=$(echo "$linked" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' \
        | grep -v '^/opt/edgeserve/' | sort -u); \
    mkdir -p /rootfs/etc /rootfs/usr/local/bin; \
    for dir in bin sbin lib lib64; do if [ -L "/$dir" ]; then ln -s "$(readlink "/$dir")" "/rootfs/$dir"; fi; done; \
    for file in $libraries $programs; do \
        dir=/rootfs$(readlink -f "$(dirname "$file")"); mkdir -p "$dir"; cp -L "$file" "$dir/"; \
    done; \
    ln -s bash "/rootfs$(readlink -f /bin)/sh"; \
    if [ -e /etc/localtime ]; then \
        zone=$(readlink -f /etc/localtime); mkdir -p "/rootfs$(dirname "$zone")"; cp "$zone" "/rootfs$zone"; \
        ln -s "$zone" /rootfs/etc/localtime; \
    fi; \
    printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nedgeserve:x:10001:10001::/nonexistent:/usr/sbin/nologin\n' \
        >/rootfs/etc/passwd; \
    printf 'root:x:0:\nedgeserve:x:10001:\n' >/rootfs/etc/group; \
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >/rootfs/etc/nsswitch.conf; \
    mkdir -m 1777 /rootfs/tmp; \
    ln -s /opt/edgeserve/serve /rootfs/usr/local/bin/serve


FROM scratch
COPY --from=rootfs /rootfs/ /
# Largest and least often changed first: native libraries, the runtime, dependencies, then the application and the
# AOT cache made for exactly these files (copies keep their times, which the JVM checks against the cache).
COPY --from=build /opt/edgeserve/native/ /opt/edgeserve/native/
COPY --from=build /opt/edgeserve/runtime/ /opt/edgeserve/runtime/
COPY --from=build /opt/edgeserve/lib/ /opt/edgeserve/lib/
COPY --from=build /opt/edgeserve/edgeserve.jar /opt/edgeserve/edgeserve.aot /opt/edgeserve/serve /opt/edgeserve/
# The same check in the image itself, with its own loader (which is what ldd runs): the copy above missed nothing.
SHELL ["/bin/bash", "-c"]
RUN set -eu; \
    export LD_LIBRARY_PATH=/opt/edgeserve/runtime/lib:/opt/edgeserve/runtime/lib/server:/opt/edgeserve/native; \
    for file in /opt/edgeserve/runtime/lib/*.so /opt/edgeserve/runtime/lib/server/libjvm.so /opt/edgeserve/native/*.so* \
            /bin/bash /usr/bin/dirname /usr/bin/readlink; do \
        linked=$(/lib64/ld-linux-x86-64.so.2 --list "$file") && [[ $linked != *'not found'* ]] \
            || { echo "the image's root file system lacks what $file links against: $linked" >&2; exit 1; }; \
    done

# PATH: a scratch image has none of its own.
# MXNET_LIBRARY_PATH: DJL loads MXNet from there; the serve script loads JNA's stub from there too.
# EDGESERVE_JAR: so that `serve` works from PATH as well; JAVA_HOME: the runtime made above, which made the cache.
# SPRING_PROFILES_ACTIVE: the image is what SageMaker runs, so it starts as SageMaker expects (plain HTTP, the
# container contract only, no runtime API); an edge gateway runs it with SPRING_PROFILES_ACTIVE=gateway.
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    MXNET_LIBRARY_PATH=/opt/edgeserve/native \
    EDGESERVE_JAR=/opt/edgeserve/edgeserve.jar \
    JAVA_HOME=/opt/edgeserve/runtime \
    SPRING_PROFILES_ACTIVE=sagemaker

USER 10001:10001
WORKDIR /opt/edgeserve
EXPOSE 8080
LABEL com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true \
      com.amazonaws.sagemaker.capabilities.multi-models=true
# /ping answers 503 until every model has loaded and warmed up; the start period leaves room for large models.
# bash (the image's one shell) sends the request and reads the status line itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SAGEMAKER_BIND_TO_PORT:-8080} && printf 'GET /ping HTTP/1.0\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == HTTP/1.?' 200 '* ]]"]
STOPSIGNAL SIGTERM
# Exec form, and serve execs java: the JVM is process 1 and receives SIGTERM itself, then shuts down gracefully.
# SageMaker runs `docker run IMAGE serve`; serve drops that first argument.
ENTRYPOINT ["/opt/edgeserve/serve"]
