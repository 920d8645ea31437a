package io.edgeserve.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.server.Ssl;

/**
 * Every {@code edgeserve.security.*} setting; docs/devices.md explains them. Everything is off unless set: the
 * {@code gateway} profile turns it on, the {@code sagemaker} profile leaves it off.
 *
 * @param https      the HTTPS connector for devices, beside the plain HTTP port
 * @param sigv4      AWS Signature Version 4 on the SageMaker Runtime API
 * @param management who may load, unload and list models and reach admin endpoints
 */
@ConfigurationProperties("edgeserve.security")
public record SecurityProperties(@DefaultValue Https https, @DefaultValue Sigv4 sigv4,
                                 @DefaultValue Management management) {

    /**
     * @param port       the HTTPS port; unset, no HTTPS connector ({@code 0}: any free port, for tests)
     * @param address    the address it binds; unset, every interface
     * @param bundle     the Spring Boot SSL bundle with the server's key and certificate and, for device
     *                   certificates, the CA that signs them as its trust store
     * @param clientAuth {@code need}: devices must present a certificate the trust store accepts; {@code want}:
     *                   they may; {@code none}: they are not asked
     */
    public record Https(Integer port, String address, @DefaultValue("edgeserve") String bundle,
                        @DefaultValue("none") Ssl.ClientAuth clientAuth) {}

    /**
     * @param enabled        whether {@code /endpoints/...} requests must be signed
     * @param region         the region clients sign for, as their SDK's region setting
     * @param maxSkew        how far a request's time may be from the server's clock
     * @param accessKeysFile a file of access keys: {@code ID=SECRET} lines, or a JSON object {@code {"ID": "SECRET"}}
     * @param accessKeys     access keys as {@code ID:SECRET} entries, for an environment variable
     */
    public record Sigv4(boolean enabled, @DefaultValue("us-east-1") String region, @DefaultValue("5m") Duration maxSkew,
                        Path accessKeysFile, @DefaultValue List<String> accessKeys) {

        @Override
        public String toString() {
            return "Sigv4[enabled=" + enabled + ", region=" + region + ", maxSkew=" + maxSkew + ", accessKeysFile="
                    + accessKeysFile + ", accessKeys=" + accessKeys.size() + " (secret)]";
        }
    }

    /**
     * @param enabled       whether management needs credentials
     * @param tokens        bearer tokens that may manage
     * @param tokenFile     a file of bearer tokens, one a line
     * @param adminSubjects device certificate identities (subject CN, or the full subject) that may manage
     * @param port          a port of its own for management: protected endpoints answer there only
     * @param address       the address the management port binds
     */
    public record Management(boolean enabled, @DefaultValue List<String> tokens, Path tokenFile,
                             @DefaultValue List<String> adminSubjects, Integer port,
                             @DefaultValue("127.0.0.1") String address) {

        @Override
        public String toString() {
            return "Management[enabled=" + enabled + ", tokens=" + tokens.size() + " (secret), tokenFile=" + tokenFile
                    + ", adminSubjects=" + adminSubjects + ", port=" + port + ", address=" + address + "]";
        }
    }
}
